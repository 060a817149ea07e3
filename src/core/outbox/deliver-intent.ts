import { deliverAlertSummary } from '../alert/deliver-alert-summary.js';
import { deliverResolvePrompt } from '../alert/deliver-resolve-prompt.js';
import { deliverTriageAlert } from '../alert/deliver-triage-alert.js';
import { deliverApproval } from '../approval/deliver-approval.js';
import type { ChatPort } from '../chat-port.js';
import type { Ctx } from '../context.js';
import { deliverAnnouncement } from '../incident/deliver-announcement.js';
import { deliverHeader } from '../incident/deliver-header.js';
import { deliverInvite } from '../incident/deliver-invite.js';
import { deliverPage } from '../incident/deliver-page.js';
import { deliverResponderBrief } from '../incident/deliver-responder-brief.js';
import { deliverStakeholderUpdate } from '../incident/deliver-stakeholder-update.js';
import { deliverWarRoom } from '../incident/deliver-war-room.js';
import { deliverStage } from '../playbook/deliver-stage.js';
import { deliverPostmortemFile } from '../postmortem/deliver-postmortem-file.js';
import { deliverPostmortemPrompt } from '../postmortem/deliver-postmortem-prompt.js';
import { deliverDigest } from '../schedule/deliver-digest.js';
import { deliverOverdueAction } from '../schedule/deliver-overdue-action.js';
import { deliverReminder } from '../schedule/deliver-reminder.js';
import { deliverTimelineEntry } from '../timeline/deliver-timeline-entry.js';
import type { DeliveryHandler } from './delivery-handler.js';
import type { OutboxIntent } from './outbox-intent.js';

/**
 * The handler for each intent type, each beside the presenter it draws with. A new intent without a handler fails to
 * compile here instead of being marked sent.
 */
export const DELIVERY_HANDLERS: { readonly [T in OutboxIntent['type']]: DeliveryHandler<T> } = {
  'warroom.open': deliverWarRoom,
  'warroom.header': deliverHeader,
  'warroom.invite': deliverInvite,
  'warroom.post': deliverTimelineEntry,
  'warroom.brief': deliverResponderBrief,
  'warroom.alerts': deliverAlertSummary,
  'warroom.resolve_prompt': deliverResolvePrompt,
  'warroom.page': deliverPage,
  'warroom.reminder': deliverReminder,
  'triage.post': deliverTriageAlert,
  'playbook.stage': deliverStage,
  'approval.post': deliverApproval,
  'postmortem.prompt': deliverPostmortemPrompt,
  'postmortem.file': deliverPostmortemFile,
  'direct.overdue_action': deliverOverdueAction,
  'digest.post': deliverDigest,
  announce: deliverAnnouncement,
  'announce.update': deliverStakeholderUpdate,
};

/** Carries out one queued intent on a chat platform (the outbox dispatcher calls this for each row it claims). */
export function deliverIntent(intent: OutboxIntent, chat: ChatPort, ctx: Ctx): Promise<void> {
  // TypeScript cannot tie the looked-up handler to the narrowed intent; the mapped type above already guarantees it.
  const handler = DELIVERY_HANDLERS[intent.type] as DeliveryHandler<OutboxIntent['type']>;
  return handler({ ctx, chat, intent });
}
