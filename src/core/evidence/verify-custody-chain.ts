import { GENESIS_HASH } from '../hash-chain.js';
import { hashCustodyEntry, type CustodyEntry } from './custody-entry.js';

export interface CustodyChainProblem {
  seq: number;
  problem: string;
}

/**
 * Recomputes every custody hash in order: an edited row fails its own hash, a removed or reordered one breaks the
 * sequence or the link. Truncating the newest rows shows only against a head kept elsewhere (every export carries one).
 */
export function verifyCustodyChain(entries: readonly CustodyEntry[]): {
  headHash: string;
  problems: CustodyChainProblem[];
} {
  const problems: CustodyChainProblem[] = [];
  let expectedPrev = GENESIS_HASH;
  entries.forEach((entry, index) => {
    if (entry.seq !== index + 1)
      problems.push({
        seq: entry.seq,
        problem: `expected entry #${index + 1} here but found #${entry.seq} (rows removed or reordered)`,
      });
    if (entry.prevHash !== expectedPrev)
      problems.push({ seq: entry.seq, problem: 'prev_hash does not match the previous entry (chain broken)' });
    if (hashCustodyEntry(entry) !== entry.hash)
      problems.push({ seq: entry.seq, problem: 'content does not match its hash (entry was edited)' });
    expectedPrev = entry.hash;
  });
  return { headHash: expectedPrev, problems };
}
