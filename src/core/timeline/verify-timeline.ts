import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ValidationError, WarroomError } from '../errors.js';
import type { SignatureVerifier } from '../evidence/signature-verifier.js';
import { shortHash } from '../evidence/evidence-item.js';
import { loadIncident } from '../incident/load-incident.js';
import { ChainHead } from './chain-head.js';
import { checkpointStatement, type TimelineCheckpoint } from './timeline-checkpoint.js';
import { verifyTimelineChain } from './verify-timeline-chain.js';

export const VerifyTimelineInput = z.object({
  incidentId: z.number().int(),
  /** A head kept elsewhere (a ticket, a previous verify): it must still be in the chain. */
  expectHead: ChainHead.optional(),
});
export type VerifyTimelineInput = z.input<typeof VerifyTimelineInput>;

export interface TimelineVerdict {
  ok: boolean;
  /** How many entries the chain has now. */
  entries: number;
  /** The recomputed head (GENESIS when there are no entries). */
  headHash: string;
  /** Every problem as one sentence naming the entry or checkpoint ("entry #2: …", "checkpoint 3 …"). */
  problems: string[];
  /** The newest signed checkpoint; null for incidents from before checkpoints (they start at the next status change). */
  latest: TimelineCheckpoint | null;
  checkpoints: number;
}

/** "2026-12-02 10:04 UTC": how a person names the moment a checkpoint was signed. */
function minuteUtc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function describeSigned(c: TimelineCheckpoint): string {
  return `checkpoint ${c.number} (signed ${minuteUtc(c.at)} at status ${c.status})`;
}

/**
 * `warroom timeline verify`: the hash chain alone proves no entry was edited or removed from the middle; the signed
 * checkpoints prove the newest entries were not cut off (a shorter chain is still a valid chain). Every checkpoint
 * must carry a valid signature by the deployment key and match the chain entry at its sequence; the latest one
 * says how many entries are missing after the chain's last. Read-only.
 * Throws UNAVAILABLE when checkpoints exist but there is no public key to check them with.
 */
export function verifyTimeline({
  ctx,
  verifier,
  input,
}: {
  ctx: Pick<Ctx, 'store'>;
  verifier: SignatureVerifier | null;
  input: VerifyTimelineInput;
}): TimelineVerdict {
  const parsed = VerifyTimelineInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? 'invalid input');
  const { incidentId, expectHead } = parsed.data;
  const incident = loadIncident(ctx.store, incidentId);
  const entries = ctx.store.timeline.forIncident(incidentId);
  const checkpoints = ctx.store.checkpoints.forIncident(incidentId);
  if (checkpoints.length > 0 && !verifier) {
    throw new WarroomError(
      'UNAVAILABLE',
      `${incident.ref} has signed checkpoints but there is no public key to check them. Set DATA_DIR to the server's data directory, or pass --public-key <file> (warroom evidence pubkey prints it).`,
    );
  }
  const chain = verifyTimelineChain(entries);
  const problems = chain.problems.map((p) => `entry #${p.seq}: ${p.problem}`);
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const lastSeq = entries.at(-1)?.seq ?? 0;

  checkpoints.forEach((c, index) => {
    if (c.number !== index + 1)
      problems.push(
        `checkpoint ${index + 1} is missing (found checkpoint ${c.number} in its place): checkpoints were removed`,
      );
    if (verifier && c.keyFingerprint !== verifier.fingerprint) {
      problems.push(
        `${describeSigned(c)} names key ${c.keyFingerprint}, not the key in ${verifier.source} (${verifier.fingerprint})`,
      );
    } else if (verifier && !verifier.verify(checkpointStatement(c), Buffer.from(c.signature, 'base64'))) {
      problems.push(
        `checkpoint ${c.number}: the signature does not verify with ${verifier.source}: the checkpoint was forged or edited`,
      );
    }
    const entry = bySeq.get(c.seq);
    if (c.seq > lastSeq) return; // A cut-off tail: said once below, against the checkpoint covering the most.
    if (!entry) problems.push(`${describeSigned(c)} covers entry #${c.seq}, which is missing`);
    else if (entry.hash !== c.headHash) {
      problems.push(
        `${describeSigned(c)} signed head ${shortHash(c.headHash)} at entry #${c.seq}, but that entry's hash is ${shortHash(entry.hash)}: entries up to #${c.seq} were rewritten`,
      );
    }
  });
  const furthest = checkpoints.reduce<TimelineCheckpoint | null>(
    (best, c) => (best === null || c.seq > best.seq ? c : best),
    null,
  );
  if (furthest && furthest.seq > lastSeq) {
    const missing = furthest.seq - lastSeq;
    const end = lastSeq === 0 ? 'has no entries' : `ends at entry ${lastSeq}`;
    problems.push(
      `timeline of ${incident.ref} ${end} but ${describeSigned(furthest)} covers ${furthest.seq} entries: ${missing} ${missing === 1 ? 'entry' : 'entries'} missing after entry ${lastSeq}`,
    );
  }
  if (expectHead !== undefined && !entries.some((e) => e.hash === expectHead)) {
    problems.push(
      `expected head sha256:${expectHead} is not in the timeline: entries were removed or rewritten since it was recorded`,
    );
  }
  return {
    ok: problems.length === 0,
    entries: entries.length,
    headHash: chain.headHash,
    problems,
    latest: checkpoints.at(-1) ?? null,
    checkpoints: checkpoints.length,
  };
}
