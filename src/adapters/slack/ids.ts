import type { FormId } from '../../interactions/index.js';
import { BUTTON_ACTION_IDS, buttonCodec } from '../button-codec.js';

/** Action, callback and block ids: constants so presenters and listeners cannot drift apart. */
export const ACTION = BUTTON_ACTION_IDS;

/** warroom's buttons as Slack carries them (action id + value). */
export const slackButtons = buttonCodec(ACTION);

/** Each shared form's modal callback id. */
export const FORM: Record<FormId, string> = {
  declare: 'incident.declare',
  update_status: 'incident.update_status',
  dismiss_alert: 'alert.dismiss',
  skip_step: 'step.skip',
  reject_action: 'approval.reject',
  postmortem_why: 'postmortem.why',
  postmortem_details: 'postmortem.details',
  postmortem_summary: 'postmortem.summary',
};

/** Input block ids that differ from the shared layer's field id (the block's single element uses the same id). */
const FIELD_BLOCK: Record<string, string> = {
  problem: 'pm_problem',
  answer: 'pm_answer',
  next: 'pm_next',
  category: 'pm_category',
  factor: 'pm_factor',
  went_well: 'pm_went_well',
  lesson: 'pm_lesson',
};

export const blockOfField = (fieldId: string): string => FIELD_BLOCK[fieldId] ?? fieldId;
export const fieldOfBlock = (blockId: string): string =>
  Object.entries(FIELD_BLOCK).find(([, block]) => block === blockId)?.[0] ?? blockId;
export const formOfCallback = (callbackId: string): FormId | null =>
  (Object.entries(FORM).find(([, id]) => id === callbackId)?.[0] as FormId | undefined) ?? null;
