import type { Actor } from '../actor.js';
import type { Store } from '../store-port.js';
import { canonicalJson, GENESIS_HASH } from '../hash-chain.js';
import { hashTimelineEntry } from './hash-timeline-entry.js';
import { TimelineEvent, type TimelineEntry } from './timeline-event.js';

/**
 * Appends one hash-chained entry. Call inside the verb's transaction so the entry commits with the state change;
 * SQLite's single writer means the "read last hash, insert next" pair cannot interleave with another writer.
 */
export function appendTimelineEntry(
  store: Store,
  args: { incidentId: number; at: Date; actor: Actor; event: TimelineEvent },
): TimelineEntry {
  const event = TimelineEvent.parse(args.event);
  const last = store.timeline.last(args.incidentId);
  const draft = {
    incidentId: args.incidentId,
    seq: (last?.seq ?? 0) + 1,
    at: args.at.toISOString(),
    actor: canonicalJson(args.actor),
    kind: event.kind,
    payload: canonicalJson(event.payload),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return store.timeline.insert({ ...draft, hash: hashTimelineEntry(draft) });
}
