import { textView } from '../chat-view.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describeResponderBrief } from './describe-responder-brief.js';
import { loadIncident } from './load-incident.js';

/** `warroom.brief`: catches a newcomer (or the new lead) up, in a message only they see. */
export const deliverResponderBrief: DeliveryHandler<'warroom.brief'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const brief = describeResponderBrief(ctx.store, incident, chat.fmt, ctx.now(), {
    handover: incident.leadId === intent.userId && intent.handover === true,
  });
  await chat.postPrivate(requireWarRoom(incident), intent.userId, textView(brief));
};
