import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/hash-chain.js';

/** A fingerprint for sources that give none: SHA-256 of the source and its identifying fields, order-independent. */
export function stableFingerprint(
  source: string,
  identifying: Record<string, string | number | boolean | null | undefined>,
): string {
  return createHash('sha256').update(source).update('\n').update(canonicalJson(identifying)).digest('hex');
}
