import type { Actor } from '../actor.js';
import type { Store } from '../store-port.js';
import { canonicalJson, GENESIS_HASH } from '../hash-chain.js';
import { hashCustodyEntry, type CustodyAction, type CustodyEntry } from './custody-entry.js';
import { digestEvidenceItem, type EvidenceItem } from './evidence-item.js';

/**
 * Appends one hash-chained custody entry for an item. Call inside the verb's transaction: SQLite's single writer
 * means "read the last hash, insert the next" cannot interleave with another writer.
 */
export function appendCustodyEntry(
  store: Store,
  args: {
    item: EvidenceItem;
    at: Date;
    tz: string;
    actor: Actor;
    action: CustodyAction;
    purpose: string;
    location: string;
  },
): CustodyEntry {
  const last = store.evidence.lastCustody(args.item.incidentId);
  const draft = {
    incidentId: args.item.incidentId,
    seq: (last?.seq ?? 0) + 1,
    itemId: args.item.id,
    itemDigest: digestEvidenceItem(args.item),
    at: args.at.toISOString(),
    tz: args.tz,
    actor: canonicalJson(args.actor),
    action: args.action,
    purpose: args.purpose,
    location: args.location,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return store.evidence.insertCustody({ ...draft, hash: hashCustodyEntry(draft) });
}
