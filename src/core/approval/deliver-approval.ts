import { DeliveryError } from '../delivery-error.js';
import { loadIncident } from '../incident/load-incident.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { approvalView } from './approval-view.js';
import { rememberApprovalMessage } from './remember-approval-message.js';

/** `approval.post`: an approval request with Approve / Reject, posted once and edited as it is decided and run. */
export const deliverApproval: DeliveryHandler<'approval.post'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const approval = ctx.store.approvals.byId(intent.approvalId);
  if (!approval) throw new DeliveryError(`approval ${intent.approvalId} not found`, 'permanent');
  const view = approvalView(ctx.store, approval, chat.fmt);
  const roomId = requireWarRoom(incident);
  if (approval.messageId) await chat.update(roomId, approval.messageId, view);
  else rememberApprovalMessage({ ctx, input: { approvalId: approval.id, messageId: await chat.post(roomId, view) } });
};
