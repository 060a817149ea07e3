import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { loadIncident } from './load-incident.js';

/** `warroom.invite`: brings people given a role or the lead into the war room. */
export const deliverInvite: DeliveryHandler<'warroom.invite'> = async ({ ctx, chat, intent }) => {
  await chat.invite(requireWarRoom(loadIncident(ctx.store, intent.incidentId)), intent.userIds);
};
