import { canonicalJson } from '../hash-chain.js';

/** A signed statement of an incident's timeline head, kept outside the chain (see the timeline_checkpoints table). */
export interface TimelineCheckpoint {
  id: number;
  incidentId: number;
  /** 1, 2, 3… per incident. */
  number: number;
  /** The entry whose hash is the head: the checkpoint covers entries 1..seq. */
  seq: number;
  headHash: string;
  /** The incident's status when it was signed. */
  status: string;
  /** ISO-8601 UTC. */
  at: string;
  keyFingerprint: string;
  /** Base64 Ed25519 signature over checkpointStatement(). */
  signature: string;
}

/**
 * The exact bytes that are signed: canonical JSON with a type tag, so a signature over an evidence manifest (same
 * key) can never pass for a checkpoint. An auditor rebuilds it from the row and checks it with `openssl pkeyutl`.
 */
export function checkpointStatement(
  c: Pick<TimelineCheckpoint, 'incidentId' | 'number' | 'seq' | 'headHash' | 'status' | 'at'>,
): Buffer {
  return Buffer.from(
    canonicalJson({
      type: 'warroom.timeline.checkpoint.v1',
      incidentId: c.incidentId,
      number: c.number,
      seq: c.seq,
      headHash: c.headHash,
      status: c.status,
      at: c.at,
    }),
    'utf8',
  );
}
