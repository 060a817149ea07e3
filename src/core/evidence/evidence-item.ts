import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../hash-chain.js';

export const EVIDENCE_KINDS = ['text', 'url', 'file', 'action-result'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Host names as people type them (web-7, db-3.prod.example.com); no spaces or markup. */
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,252})$/;

/**
 * Identifiers of where an item came from (NIST SP 800-61 §3.2.2: host name, IP address, serial number…).
 * Strict: an unknown key is a bug in the caller, not something to store silently.
 */
export const EvidenceSource = z
  .object({
    host: z.string().regex(HOST, 'host must be a host name such as web-7 or db-3.example.com').optional(),
    ip: z.union([z.ipv4(), z.ipv6()], { error: 'ip must be an IPv4 or IPv6 address' }).optional(),
    serial: z.string().trim().min(1).max(128).optional(),
    url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).optional(),
    /** The chat platform's id of a shared file. */
    chatFileId: z.string().min(1).max(64).optional(),
    fileName: z.string().min(1).max(255).optional(),
    approvalId: z.number().int().optional(),
    action: z.string().min(1).optional(),
    executor: z.string().min(1).optional(),
  })
  .strict();
export type EvidenceSource = z.infer<typeof EvidenceSource>;

export interface EvidenceItem {
  id: number;
  incidentId: number;
  sha256: string;
  size: number;
  mediaType: string;
  kind: EvidenceKind;
  description: string;
  /** Canonical JSON of the EvidenceSource. */
  source: string;
  /** Canonical JSON of the Actor. */
  collectedBy: string;
  /** ISO-8601 UTC. */
  collectedAt: string;
  /** IANA time zone of the deployment at collection. */
  tz: string;
  /** Path inside the vault (sha256/ab/cdef…). */
  storagePath: string;
}

/** How items are named to people: EV-12. */
export function evidenceLabel(item: Pick<EvidenceItem, 'id'>): string {
  return `EV-${item.id}`;
}

/** Enough of a hash for people to compare at a glance; full hashes go in exports. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/**
 * SHA-256 over the item's whole record. Custody entries carry it, so editing any column of an item
 * (who collected it, its description, its hash) breaks the custody chain's agreement with the item.
 */
export function digestEvidenceItem(item: EvidenceItem): string {
  const record = canonicalJson({
    id: item.id,
    incidentId: item.incidentId,
    sha256: item.sha256,
    size: item.size,
    mediaType: item.mediaType,
    kind: item.kind,
    description: item.description,
    source: item.source,
    collectedBy: item.collectedBy,
    collectedAt: item.collectedAt,
    tz: item.tz,
    storagePath: item.storagePath,
  });
  return createHash('sha256').update(record).digest('hex');
}
