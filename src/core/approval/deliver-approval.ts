import { DeliveryError } from '../delivery-error.js';
import { loadIncident } from '../incident/load-incident.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import type { Playbook } from '../playbook/playbook-schema.js';
import { allSteps } from '../playbook/step-availability.js';
import { describeApproval } from './describe-approval.js';
import { rememberApprovalMessage } from './remember-approval-message.js';

/** `approval.post`: an approval request with Approve / Reject, posted once and edited as it is decided and run. */
export const deliverApproval: DeliveryHandler<'approval.post'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const approval = ctx.store.approvals.byId(intent.approvalId);
  if (!approval) throw new DeliveryError(`approval ${intent.approvalId} not found`, 'permanent');
  const run = ctx.store.playbooks.run(approval.runId);
  const step = run ? allSteps(JSON.parse(run.definition) as Playbook).find((s) => s.id === approval.stepId) : undefined;
  const view = {
    kind: 'approval',
    view: describeApproval(approval, step?.title ?? approval.stepId, chat.fmt),
  } as const;
  const roomId = requireWarRoom(incident);
  if (approval.messageId) await chat.update(roomId, approval.messageId, view);
  else rememberApprovalMessage({ ctx, input: { approvalId: approval.id, messageId: await chat.post(roomId, view) } });
};
