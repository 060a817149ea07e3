import { loadIncident } from '../incident/load-incident.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describePostmortemPrompt } from './describe-postmortem-prompt.js';

/** `postmortem.prompt`: asks the war room for its postmortem, with a Start postmortem button, unless it is final. */
export const deliverPostmortemPrompt: DeliveryHandler<'postmortem.prompt'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const postmortem = ctx.store.postmortems.forIncident(incident.id);
  if (postmortem?.state === 'finalized') return;
  const text = describePostmortemPrompt(incident, postmortem, ctx.settings.postmortemRequired, chat.fmt);
  await chat.post(requireWarRoom(incident), { kind: 'postmortem_prompt', incidentId: incident.id, text });
};
