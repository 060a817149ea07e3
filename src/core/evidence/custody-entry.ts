import { createHash } from 'node:crypto';
import { canonicalJson } from '../hash-chain.js';

export const CUSTODY_ACTIONS = ['collected', 'accessed', 'exported', 'verified', 'transferred'] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

/** One handling of one item: who, when (UTC plus the deployment's zone), why, and where the item was or went. */
export interface CustodyEntry {
  id: number;
  incidentId: number;
  seq: number;
  itemId: number;
  itemDigest: string;
  /** ISO-8601 UTC. */
  at: string;
  tz: string;
  /** Canonical JSON of the Actor. */
  actor: string;
  action: CustodyAction;
  purpose: string;
  location: string;
  prevHash: string;
  hash: string;
}

export type HashableCustodyEntry = Omit<CustodyEntry, 'id' | 'hash'>;

/**
 * Same construction as the timeline (sha256 of the canonical entry, a newline, the previous hash), so one
 * explanation in VERIFY.md covers both and an auditor can recompute it with any JSON library.
 */
export function hashCustodyEntry(entry: HashableCustodyEntry): string {
  const content = canonicalJson({
    incidentId: entry.incidentId,
    seq: entry.seq,
    itemId: entry.itemId,
    itemDigest: entry.itemDigest,
    at: entry.at,
    tz: entry.tz,
    actor: entry.actor,
    action: entry.action,
    purpose: entry.purpose,
    location: entry.location,
  });
  return createHash('sha256').update(content).update('\n').update(entry.prevHash).digest('hex');
}
