import { loadIncident } from '../incident/load-incident.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describeResolvePrompt } from './describe-resolve-prompt.js';

/** `warroom.resolve_prompt`: all alerts resolved; asks the lead, with a Resolve button, unless it is already over. */
export const deliverResolvePrompt: DeliveryHandler<'warroom.resolve_prompt'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  if (incident.status === 'resolved' || incident.status === 'closed') return;
  await chat.post(requireWarRoom(incident), {
    kind: 'resolve_prompt',
    incidentId: incident.id,
    text: describeResolvePrompt(incident, chat.fmt),
  });
};
