import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { headerView } from './header-view.js';
import { loadIncident } from './load-incident.js';
import { rememberHeaderMessage } from './record-war-room-opened.js';

/** `warroom.header`: posts the war room's header once, then edits it in place with the current state. */
export const deliverHeader: DeliveryHandler<'warroom.header'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const roomId = requireWarRoom(incident);
  const view = headerView(ctx, incident);
  if (incident.headerMessageId) {
    await chat.update(roomId, incident.headerMessageId, view);
    return;
  }
  const messageId = await chat.post(roomId, view);
  rememberHeaderMessage({ ctx, input: { incidentId: incident.id, messageId } });
};
