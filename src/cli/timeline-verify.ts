import { parseIncidentRef, type Incident } from '../core/incident/incident.js';
import type { Store } from '../core/store-port.js';
import { verifyTimelineChain } from '../core/timeline/verify-timeline-chain.js';
import type { CliResult } from './cli-result.js';

/** `warroom timeline verify <ref>|--all`: recomputes each incident's hash chain and names every broken entry. */
export function timelineVerify(store: Store, args: string[]): CliResult {
  const target = args[0];
  if (!target || args.length > 1) return { code: 2, stderr: 'Usage: warroom timeline verify <INC-0042|--all>' };
  let incidents: Incident[];
  if (target === '--all') {
    incidents = store.incidents.listAll();
  } else {
    const number = parseIncidentRef(target);
    const incident = number === null ? null : store.incidents.byNumber(number);
    if (!incident) return { code: 2, stderr: `No incident ${target}. Give a reference like INC-0042 (see /incident list), or --all.` };
    incidents = [incident];
  }
  const lines: string[] = [];
  let broken = 0;
  for (const incident of incidents) {
    const verdict = verifyTimelineChain(store.timeline.forIncident(incident.id));
    if (verdict.ok) {
      lines.push(`${incident.ref}: OK — ${verdict.entries} entries, chain head sha256:${verdict.headHash}`);
    } else {
      broken += 1;
      lines.push(`${incident.ref}: TAMPERED — ${verdict.problems.length} problem(s) in ${verdict.entries} entries`);
      for (const p of verdict.problems) lines.push(`  entry #${p.seq}: ${p.problem}`);
    }
  }
  if (incidents.length === 0) lines.push('No incidents yet.');
  return { code: broken > 0 ? 1 : 0, stdout: lines.join('\n') };
}
