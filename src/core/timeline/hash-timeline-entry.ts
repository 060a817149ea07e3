import { createHash } from 'node:crypto';
import type { TimelineEntry } from './timeline-event.js';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

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
