import type { Store } from '../store-port.js';
import { digestEvidenceItem, evidenceLabel, type EvidenceItem } from './evidence-item.js';
import type { ContentStore } from './evidence-vault.js';
import { verifyCustodyChain } from './verify-custody-chain.js';

export interface EvidenceProblem {
  /** What is wrong: a stored item (its file or its record), a custody entry, or the chain head you kept. */
  subject: 'item' | 'custody' | 'head';
  /** Item id, custody seq, or 0 for the head. */
  id: number;
  /** How to name it to a person: "EV-3 (sha256/ab/cd…)", "custody entry #4". */
  label: string;
  problem: string;
}

export interface EvidenceVerdict {
  ok: boolean;
  items: EvidenceItem[];
  custodyEntries: number;
  /** The custody chain head as recomputed (GENESIS when there are no entries). */
  headHash: string;
  problems: EvidenceProblem[];
}

/**
 * Checks an incident's vault without changing anything: every stored file is re-hashed, every custody hash is
 * recomputed, and every item record must match the digest its custody entries committed to. With `expectHead`
 * (a head printed earlier or written into an export) it also proves the chain was not cut back or rewritten since.
 */
export function findEvidenceProblems(
  store: Store,
  contents: ContentStore,
  incidentId: number,
  expectHead?: string,
): EvidenceVerdict {
  const items = store.evidence.itemsFor(incidentId);
  const custody = store.evidence.custodyFor(incidentId);
  const chain = verifyCustodyChain(custody);
  const problems: EvidenceProblem[] = chain.problems.map((p) => ({
    subject: 'custody',
    id: p.seq,
    label: `custody entry #${p.seq}`,
    problem: p.problem,
  }));
  const byId = new Map(items.map((item) => [item.id, item]));

  for (const item of items) {
    const label = `${evidenceLabel(item)} (${item.storagePath})`;
    const onDisk = contents.digest(item.sha256);
    if (!onDisk) {
      problems.push({ subject: 'item', id: item.id, label, problem: 'stored file is missing' });
    } else if (onDisk.sha256 !== item.sha256) {
      problems.push({
        subject: 'item',
        id: item.id,
        label,
        problem: `stored file changed: its sha256 is now ${onDisk.sha256}, recorded ${item.sha256}`,
      });
    } else if (onDisk.size !== item.size) {
      problems.push({
        subject: 'item',
        id: item.id,
        label,
        problem: `stored file is ${onDisk.size} bytes, recorded ${item.size}`,
      });
    }
    const entries = custody.filter((e) => e.itemId === item.id);
    if (entries.length === 0) {
      problems.push({
        subject: 'item',
        id: item.id,
        label,
        problem: 'has no custody entry (it was added outside warroom)',
      });
      continue;
    }
    const digest = digestEvidenceItem(item);
    const disagreeing = entries.find((e) => e.itemDigest !== digest);
    if (disagreeing)
      problems.push({
        subject: 'item',
        id: item.id,
        label,
        problem: `record was edited: it no longer matches custody entry #${disagreeing.seq}`,
      });
  }
  for (const entry of custody) {
    if (!byId.has(entry.itemId))
      problems.push({
        subject: 'custody',
        id: entry.seq,
        label: `custody entry #${entry.seq}`,
        problem: `refers to EV-${entry.itemId}, which is not in this incident's vault`,
      });
  }
  if (expectHead !== undefined && !custody.some((e) => e.hash === expectHead)) {
    problems.push({
      subject: 'head',
      id: 0,
      label: `chain head ${expectHead}`,
      problem: 'is not in the custody log: entries were removed or rewritten since it was recorded',
    });
  }
  return { ok: problems.length === 0, items, custodyEntries: custody.length, headHash: chain.headHash, problems };
}
