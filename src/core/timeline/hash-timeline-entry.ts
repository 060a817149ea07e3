import { createHash } from 'node:crypto';
import { canonicalJson } from '../hash-chain.js';
import type { TimelineEntry } from './timeline-event.js';

/** What the hash covers: everything but the row id and the hash itself. */
export type HashableEntry = Omit<TimelineEntry, 'id' | 'hash'>;

/** SHA-256 over the entry's content and the previous entry's hash: changing any earlier row breaks every later hash. */
export function hashTimelineEntry(entry: HashableEntry): string {
  const content = canonicalJson({
    incidentId: entry.incidentId,
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    kind: entry.kind,
    payload: entry.payload,
  });
  return createHash('sha256').update(content).update('\n').update(entry.prevHash).digest('hex');
}
