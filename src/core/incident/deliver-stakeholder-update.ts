import { Actor, actorUserId } from '../actor.js';
import { textView } from '../chat-view.js';
import { DeliveryError } from '../delivery-error.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { TimelineEvent } from '../timeline/timeline-event.js';
import { describeStakeholderUpdate } from './describe-stakeholder-update.js';
import { loadIncident } from './load-incident.js';

/** `announce.update`: sends a stakeholder update (timeline entry `seq`) to the announcements channel. */
export const deliverStakeholderUpdate: DeliveryHandler<'announce.update'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const entry = ctx.store.timeline.bySeq(incident.id, intent.seq);
  const event = entry
    ? TimelineEvent.safeParse({ kind: entry.kind, payload: JSON.parse(entry.payload) as unknown })
    : null;
  const update = event?.success && event.data.kind === 'update.posted' ? event.data.payload : null;
  if (!entry || !update)
    throw new DeliveryError(`${incident.ref} has no stakeholder update #${intent.seq}`, 'permanent');
  const authorId = actorUserId(Actor.parse(JSON.parse(entry.actor)));
  const text = describeStakeholderUpdate(incident, { text: update.text, authorId, at: entry.at }, chat.fmt);
  await chat.post(await chat.resolveChannel(intent.channel), textView(text));
};
