/** What the person wants after saving a postmortem form (a choice in each). */
export const PM_NEXT = {
  next: 'next',
  chain: 'chain',
  details: 'details',
  more: 'more',
  finalize: 'finalize',
  close: 'close',
} as const;
