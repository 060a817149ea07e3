import { textView } from '../chat-view.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describePage } from './describe-page.js';
import { loadIncident } from './load-incident.js';

/** `warroom.page`: calls the owning team's on-call group and people into the war room. */
export const deliverPage: DeliveryHandler<'warroom.page'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  await chat.page(requireWarRoom(incident), intent.group, intent.users, textView(describePage(incident, chat.fmt)));
};
