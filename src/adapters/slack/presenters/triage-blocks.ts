import type { KnownBlock } from '@slack/types';
import type { TriageView } from '../../../core/alert/describe-triage-alert.js';
import { ACTION } from '../ids.js';

/** A triage alert: what it is, and Declare incident / Dismiss while nobody has decided. */
export function triageBlocks(view: TriageView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${view.heading}*` } },
    { type: 'section', text: { type: 'mrkdwn', text: view.text.slice(0, 3000) } },
  ];
  if (view.actions.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: `triage_${view.alertId}`,
      elements: [
        ...(view.actions.includes('declare')
          ? [
              {
                type: 'button' as const,
                action_id: ACTION.declareAlert,
                text: { type: 'plain_text' as const, text: 'Declare incident' },
                style: 'primary' as const,
                value: String(view.alertId),
              },
            ]
          : []),
        ...(view.actions.includes('dismiss')
          ? [
              {
                type: 'button' as const,
                action_id: ACTION.dismissAlert,
                text: { type: 'plain_text' as const, text: 'Dismiss' },
                value: String(view.alertId),
              },
            ]
          : []),
      ],
    });
  }
  return { text: view.heading, blocks };
}

/** The "all alerts resolved" prompt: the lead decides, nothing closes by itself. */
export function resolvePromptBlocks(incidentId: number, text: string): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      block_id: 'resolve_prompt',
      elements: [
        {
          type: 'button',
          action_id: ACTION.resolve,
          text: { type: 'plain_text', text: 'Resolve' },
          style: 'primary',
          value: String(incidentId),
        },
      ],
    },
  ];
}
