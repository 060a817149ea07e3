import type { Ctx } from '../context.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Store } from '../store-port.js';
import { appendTimelineEntry } from '../timeline/append-timeline-entry.js';
import type { TimelineEntry, TimelineEvent } from '../timeline/timeline-event.js';
import type { Incident } from './incident.js';

export interface ChangeEffects {
  /** Re-render the header message (default true). */
  header?: boolean;
  /** Post the entry into the war room as a message (default false). */
  post?: boolean;
  /** Users to invite to the war room. */
  invite?: string[];
}

/**
 * The tail of every verb: the timeline entry and the chat deliveries it causes, in the caller's transaction.
 * Keys derive from the entry's sequence number, which is unique per incident, so nothing is queued twice.
 */
export function recordIncidentChange(
  store: Store,
  ctx: Ctx,
  incident: Incident,
  event: TimelineEvent,
  effects: ChangeEffects = {},
): TimelineEntry {
  const now = ctx.now();
  const entry = appendTimelineEntry(store, { incidentId: incident.id, at: now, actor: ctx.actor, event });
  const key = `inc${incident.id}.t${entry.seq}`;
  if (effects.invite && effects.invite.length > 0) {
    enqueueDelivery(store, {
      key: `${key}.invite`,
      now,
      intent: { type: 'warroom.invite', incidentId: incident.id, userIds: effects.invite },
    });
  }
  if (effects.post) {
    enqueueDelivery(store, {
      key: `${key}.post`,
      now,
      intent: { type: 'warroom.post', incidentId: incident.id, seq: entry.seq },
    });
  }
  if (effects.header ?? true) {
    enqueueDelivery(store, { key: `${key}.header`, now, intent: { type: 'warroom.header', incidentId: incident.id } });
  }
  return entry;
}
