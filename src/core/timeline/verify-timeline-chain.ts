import { GENESIS_HASH } from '../hash-chain.js';
import { hashTimelineEntry } from './hash-timeline-entry.js';
import type { TimelineEntry } from './timeline-event.js';

export interface ChainProblem {
  seq: number;
  problem: string;
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: ChainProblem[];
}

/**
 * Recomputes every hash in order. Detects edited rows (hash mismatch), removed or reordered rows
 * (sequence gaps, broken links). Truncating the newest rows is only detectable against a head hash kept elsewhere,
 * which is why `warroom timeline verify` prints the head.
 */
export function verifyTimelineChain(entries: readonly TimelineEntry[]): ChainVerdict {
  const problems: ChainProblem[] = [];
  let expectedPrev = GENESIS_HASH;
  entries.forEach((entry, index) => {
    const expectedSeq = index + 1;
    if (entry.seq !== expectedSeq) {
      problems.push({
        seq: entry.seq,
        problem: `expected entry #${expectedSeq} here but found #${entry.seq} (rows removed or reordered)`,
      });
    }
    if (entry.prevHash !== expectedPrev) {
      problems.push({ seq: entry.seq, problem: 'prev_hash does not match the previous entry (chain broken)' });
    }
    const recomputed = hashTimelineEntry(entry);
    if (recomputed !== entry.hash) {
      problems.push({ seq: entry.seq, problem: 'content does not match its hash (entry was edited)' });
    }
    expectedPrev = entry.hash;
  });
  return { ok: problems.length === 0, entries: entries.length, headHash: expectedPrev, problems };
}
