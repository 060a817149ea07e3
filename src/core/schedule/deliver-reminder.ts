import { textView } from '../chat-view.js';
import { loadIncident } from '../incident/load-incident.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describeReminder } from './describe-reminder.js';

/** `warroom.reminder`: a nudge in the war room, unless it no longer applies when it is sent. */
export const deliverReminder: DeliveryHandler<'warroom.reminder'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const text = describeReminder(ctx.store, incident, intent.reminder, chat.fmt, ctx.now());
  if (text) await chat.post(requireWarRoom(incident), textView(text));
};
