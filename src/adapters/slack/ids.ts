/** Action, callback and block ids: constants so presenters and listeners cannot drift apart. */
export const ACTION = {
  acknowledge: 'incident.acknowledge',
  takeLead: 'incident.take_lead',
  updateStatus: 'incident.update_status',
  resolve: 'incident.resolve',
  declareAlert: 'alert.declare',
  dismissAlert: 'alert.dismiss',
  approveAction: 'approval.approve',
  rejectAction: 'approval.reject',
} as const;

export const VIEW = {
  declare: 'incident.declare',
  updateStatus: 'incident.update_status',
  dismissAlert: 'alert.dismiss',
  skipStep: 'step.skip',
  rejectAction: 'approval.reject',
} as const;

export const BLOCK = {
  title: 'title',
  severity: 'severity',
  status: 'status',
  note: 'note',
  reason: 'reason',
} as const;

/** Each input block's single element uses the same id as its block. */
export const INPUT = BLOCK;
