import { textView } from '../chat-view.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describeAnnouncement } from './describe-announcement.js';
import { loadIncident } from './load-incident.js';

/** `announce`: tells the announcements channel about a new incident once its war room exists. */
export const deliverAnnouncement: DeliveryHandler<'announce'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const warRoomId = requireWarRoom(incident);
  const target = await chat.resolveChannel(intent.channel);
  await chat.post(target, textView(describeAnnouncement(incident, warRoomId, chat.fmt)));
};
