/** Action, callback and block ids: constants so presenters and listeners cannot drift apart. */
export const ACTION = {
  acknowledge: 'incident.acknowledge',
  takeLead: 'incident.take_lead',
  updateStatus: 'incident.update_status',
  resolve: 'incident.resolve',
  resolveConfirmed: 'incident.resolve_confirmed',
  declareAlert: 'alert.declare',
  dismissAlert: 'alert.dismiss',
  approveAction: 'approval.approve',
  rejectAction: 'approval.reject',
  startPostmortem: 'postmortem.start',
} as const;

export const VIEW = {
  declare: 'incident.declare',
  updateStatus: 'incident.update_status',
  dismissAlert: 'alert.dismiss',
  skipStep: 'step.skip',
  rejectAction: 'approval.reject',
  postmortemWhy: 'postmortem.why',
  postmortemDetails: 'postmortem.details',
} as const;

export const BLOCK = {
  title: 'title',
  severity: 'severity',
  status: 'status',
  note: 'note',
  reason: 'reason',
  pmProblem: 'pm_problem',
  pmAnswer: 'pm_answer',
  pmNext: 'pm_next',
  pmCategory: 'pm_category',
  pmFactor: 'pm_factor',
  pmWentWell: 'pm_went_well',
  pmLesson: 'pm_lesson',
} as const;

/** Each input block's single element uses the same id as its block. */
export const INPUT = BLOCK;
