import { DeliveryError } from '../delivery-error.js';
import { loadIncident } from '../incident/load-incident.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describeStage } from './describe-stage.js';
import type { StageMessages } from './playbook-run.js';
import type { StageId } from './playbook-schema.js';
import { rememberStageMessage } from './remember-stage-message.js';

/** `playbook.stage`: a playbook stage's checklist, posted once and edited in place as steps change. */
export const deliverStage: DeliveryHandler<'playbook.stage'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const run = ctx.store.playbooks.run(intent.runId);
  if (!run) throw new DeliveryError(`playbook run ${intent.runId} not found`, 'permanent');
  const stageId = intent.stageId as StageId;
  const stage = describeStage(incident, run, ctx.store.playbooks.steps(run.id), stageId, chat.fmt, ctx.now());
  if (!stage) throw new DeliveryError(`playbook run ${run.id} has no stage ${stageId}`, 'permanent');
  const roomId = requireWarRoom(incident);
  const view = { kind: 'stage', view: stage } as const;
  const messageId = (JSON.parse(run.stageMessages) as StageMessages)[stageId];
  if (messageId) await chat.update(roomId, messageId, view);
  else rememberStageMessage({ ctx, input: { runId: run.id, stageId, messageId: await chat.post(roomId, view) } });
};
