import type { Incident } from '../incident/incident.js';
import { GENESIS_HASH } from '../hash-chain.js';
import type { CustodyEntry } from './custody-entry.js';
import { digestEvidenceItem, evidenceLabel, type EvidenceItem } from './evidence-item.js';

export const BUNDLE_FORMAT = 'warroom-evidence-bundle/1';

/** Where an item's bytes sit inside a bundle: named by hash, so `sha256sum files/*` speaks for itself. */
export function bundleFileName(sha256: string): string {
  return `files/${sha256}`;
}

export interface ManifestInputs {
  incident: Incident;
  items: readonly EvidenceItem[];
  custody: readonly CustodyEntry[];
  timeline: { entries: number; head: string };
  generatedAt: Date;
  generatedBy: unknown;
  timeZone: string;
  generator: { name: string; version: string };
  signer: { algorithm: string; fingerprint: string };
}

/**
 * The exact bytes that get signed. Pretty-printed so an auditor can read it; stored JSON columns (actor, source)
 * appear parsed, and because they were written as canonical JSON, re-serialising them canonically gives back the
 * bytes that were hashed — VERIFY.md shows how to recompute the custody chain from this file alone.
 */
export function buildEvidenceManifest(m: ManifestInputs): Buffer {
  const manifest = {
    format: BUNDLE_FORMAT,
    generator: m.generator,
    generatedAt: m.generatedAt.toISOString(),
    generatedBy: m.generatedBy,
    timeZone: m.timeZone,
    incident: {
      id: m.incident.id,
      ref: m.incident.ref,
      title: m.incident.title,
      severity: m.incident.severity,
      status: m.incident.status,
      declaredAt: m.incident.declaredAt,
      closedAt: m.incident.closedAt,
    },
    items: m.items.map((item) => ({
      id: item.id,
      label: evidenceLabel(item),
      kind: item.kind,
      file: bundleFileName(item.sha256),
      sha256: item.sha256,
      size: item.size,
      mediaType: item.mediaType,
      description: item.description,
      source: JSON.parse(item.source) as unknown,
      collectedBy: JSON.parse(item.collectedBy) as unknown,
      collectedAt: item.collectedAt,
      tz: item.tz,
      storagePath: item.storagePath,
      recordDigest: digestEvidenceItem(item),
    })),
    custody: {
      hashing:
        'sha256(canonical JSON of {incidentId, seq, itemId, itemDigest, at, tz, actor, action, purpose, location} + "\\n" + prevHash); actor is itself canonical JSON text',
      genesis: GENESIS_HASH,
      head: m.custody.at(-1)?.hash ?? GENESIS_HASH,
      entries: m.custody.map((e) => ({
        seq: e.seq,
        itemId: e.itemId,
        itemDigest: e.itemDigest,
        at: e.at,
        tz: e.tz,
        actor: JSON.parse(e.actor) as unknown,
        action: e.action,
        purpose: e.purpose,
        location: e.location,
        prevHash: e.prevHash,
        hash: e.hash,
      })),
    },
    timeline: { entries: m.timeline.entries, head: m.timeline.head },
    signature: {
      algorithm: m.signer.algorithm,
      publicKeyFingerprint: m.signer.fingerprint,
      files: ['manifest.sig', 'manifest.sig.bin', 'public-key.pem'],
    },
  };
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}
