import type { Ctx } from '../context.js';
import type { Incident } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import type { Store } from '../store-port.js';
import { canonicalJson } from '../hash-chain.js';
import { appendCustodyEntry } from './append-custody-entry.js';
import type { EvidenceItem, EvidenceKind, EvidenceSource } from './evidence-item.js';
import type { EvidenceVault, StoredContent } from './evidence-vault.js';

export interface CollectedEvidence {
  item: EvidenceItem;
  /** True when the incident already held these bytes: nothing new was recorded. */
  duplicate: boolean;
}

/**
 * The shared tail of every way evidence arrives: the item row, its "collected" custody entry and the
 * `evidence.added` timeline entry, in the caller's transaction. The bytes are already in the content store.
 */
export function collectEvidence(
  store: Store,
  ctx: Ctx,
  vault: EvidenceVault,
  args: {
    incident: Incident;
    stored: StoredContent;
    kind: EvidenceKind;
    mediaType: string;
    description: string;
    source: EvidenceSource;
    purpose: string;
    post: boolean;
  },
): CollectedEvidence {
  const { incident, stored } = args;
  const existing = store.evidence.itemBySha(incident.id, stored.sha256);
  if (existing) return { item: existing, duplicate: true };
  const now = ctx.now();
  const item = store.evidence.insertItem({
    incidentId: incident.id,
    sha256: stored.sha256,
    size: stored.size,
    mediaType: args.mediaType,
    kind: args.kind,
    description: args.description,
    source: canonicalJson(args.source),
    collectedBy: canonicalJson(ctx.actor),
    collectedAt: now.toISOString(),
    tz: vault.timeZone,
    storagePath: stored.storagePath,
  });
  appendCustodyEntry(store, {
    item,
    at: now,
    tz: vault.timeZone,
    actor: ctx.actor,
    action: 'collected',
    purpose: args.purpose,
    location: stored.location,
  });
  recordIncidentChange(
    store,
    ctx,
    incident,
    {
      kind: 'evidence.added',
      payload: { itemId: item.id, sha256: item.sha256, kind: item.kind, description: item.description },
    },
    { header: false, post: args.post },
  );
  return { item, duplicate: false };
}
