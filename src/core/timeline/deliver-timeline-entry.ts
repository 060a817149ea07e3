import { textView } from '../chat-view.js';
import { DeliveryError } from '../delivery-error.js';
import { loadIncident } from '../incident/load-incident.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describeTimelineEntry } from './describe-timeline-entry.js';

/** `warroom.post`: posts one timeline entry to the war room as a message. */
export const deliverTimelineEntry: DeliveryHandler<'warroom.post'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const entry = ctx.store.timeline.bySeq(incident.id, intent.seq);
  if (!entry) throw new DeliveryError(`timeline entry ${intent.seq} of ${incident.ref} not found`, 'permanent');
  // The close message names the checkpoint that covers it (signed in the same transaction as the close).
  const checkpoint =
    entry.kind === 'incident.closed'
      ? (ctx.store.checkpoints.forIncident(incident.id).find((c) => c.seq >= entry.seq) ?? null)
      : null;
  await chat.post(
    requireWarRoom(incident),
    textView(describeTimelineEntry(entry, chat.fmt, ctx.store.people.all(), checkpoint)),
  );
};
