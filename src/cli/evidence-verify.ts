import type { Actor } from '../core/actor.js';
import { isWarroomError } from '../core/errors.js';
import { evidenceLabel } from '../core/evidence/evidence-item.js';
import { verifyEvidence } from '../core/evidence/verify-evidence.js';
import type { Incident } from '../core/incident/incident.js';
import type { Store } from '../core/store-port.js';
import { openEvidenceVault } from '../infra/evidence/open-evidence-vault.js';
import type { CliResult } from './cli-result.js';

/** `warroom evidence verify <ref>`: names every changed file and custody entry (exit 1), or prints the head (exit 0). */
export function evidenceVerify(o: {
  store: Store;
  incident: Incident;
  dataDir: string;
  now: () => Date;
  actor: Actor;
  record: boolean;
  expectHead?: string;
}): CliResult {
  const vault = openEvidenceVault(o.dataDir);
  let check;
  try {
    check = verifyEvidence({
      ctx: { actor: o.actor, now: o.now, store: o.store },
      vault,
      input: { incidentId: o.incident.id, record: o.record, expectHead: o.expectHead },
    });
  } catch (error) {
    if (isWarroomError(error)) return { code: 2, stderr: error.message };
    throw error;
  }
  const { verdict, recorded } = check;
  const ref = o.incident.ref;
  const counts = `${verdict.items.length} item(s), ${verdict.custodyEntries} custody entries`;
  if (!verdict.ok) {
    const lines = [
      `${ref}: TAMPERED — ${verdict.problems.length} problem(s) in ${counts}`,
      ...verdict.problems.map((p) => `  ${p.label}: ${p.problem}`),
    ];
    return { code: 1, stdout: lines.join('\n') };
  }
  const lines = [
    `${ref}: OK — ${counts}; every file matches its SHA-256; custody chain head sha256:${verdict.headHash}`,
  ];
  if (verdict.items.length === 0) lines[0] = `${ref}: OK — no evidence yet`;
  const last = recorded.at(-1);
  if (last) {
    lines.push(
      `Logged a "verified" custody entry for ${recorded.map((e) => evidenceLabel({ id: e.itemId })).join(', ')}; the chain head is now sha256:${last.hash}`,
    );
  }
  return { code: 0, stdout: lines.join('\n') };
}
