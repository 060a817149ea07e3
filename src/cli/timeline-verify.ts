import { parseArgs } from 'node:util';
import { isWarroomError } from '../core/errors.js';
import type { SignatureVerifier } from '../core/evidence/signature-verifier.js';
import { loadSignatureVerifier } from '../infra/evidence/load-signature-verifier.js';
import { signingKeyPaths } from '../infra/evidence/signing-key.js';
import { shortHash } from '../core/evidence/evidence-item.js';
import { parseIncidentRef, type Incident } from '../core/incident/incident.js';
import type { Store } from '../core/store-port.js';
import { verifyTimeline } from '../core/timeline/verify-timeline.js';
import type { CliResult } from './cli-result.js';

const USAGE = 'Usage: warroom timeline verify <INC-0042|--all> [--expect-head <hash>] [--public-key <file>]';

/**
 * `warroom timeline verify <ref>|--all`: recomputes each incident's hash chain, checks it against every signed
 * checkpoint (and a head the operator kept, --expect-head), and names every broken entry and every missing one.
 * Signatures are checked with --public-key, else the deployment's public key under `dataDir`.
 */
export function timelineVerify(store: Store, args: string[], o: { dataDir: string }): CliResult {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { all: { type: 'boolean' }, 'expect-head': { type: 'string' }, 'public-key': { type: 'string' } },
    });
  } catch (error) {
    return { code: 2, stderr: `${error instanceof Error ? error.message : String(error)}\n${USAGE}` };
  }
  const { positionals, values } = parsed;
  const target = positionals[0];
  if (positionals.length > 1 || (values.all ? target !== undefined : target === undefined))
    return { code: 2, stderr: USAGE };
  const expectHead = values['expect-head'];
  if (values.all && expectHead !== undefined)
    return { code: 2, stderr: `A head belongs to one incident: give its reference instead of --all.\n${USAGE}` };
  let verifier: SignatureVerifier | null;
  try {
    verifier = loadSignatureVerifier(values['public-key'] ?? signingKeyPaths(o.dataDir).publicKeyPath);
  } catch (error) {
    return { code: 2, stderr: error instanceof Error ? error.message : String(error) };
  }
  if (values['public-key'] && !verifier)
    return {
      code: 2,
      stderr: `No public key at ${values['public-key']}. Give the file \`warroom evidence pubkey\` prints.`,
    };
  let incidents: Incident[];
  if (values.all) {
    incidents = store.incidents.listAll();
  } else {
    const number = parseIncidentRef(target ?? '');
    const incident = number === null ? null : store.incidents.byNumber(number);
    if (!incident)
      return {
        code: 2,
        stderr: `No incident ${target}. Give a reference like INC-0042 (see /incident list), or --all.`,
      };
    incidents = [incident];
  }
  const lines: string[] = [];
  let broken = 0;
  for (const incident of incidents) {
    let verdict;
    try {
      verdict = verifyTimeline({ ctx: { store }, verifier, input: { incidentId: incident.id, expectHead } });
    } catch (error) {
      if (isWarroomError(error)) return { code: 2, stderr: error.message };
      throw error;
    }
    if (!verdict.ok) {
      broken += 1;
      lines.push(
        `${incident.ref}: TAMPERED — ${verdict.problems.length} problem(s) in ${verdict.entries} entries`,
        ...verdict.problems.map((p) => `  ${p}`),
      );
      continue;
    }
    const latest = verdict.latest;
    const against = latest
      ? `; matches ${verdict.checkpoints} signed checkpoint(s), the latest (${latest.number}, head ${shortHash(latest.headHash)}) covers ${latest.seq} of them`
      : '; no signed checkpoint yet (they start at the next status change), so entries cut off the end would not show';
    lines.push(`${incident.ref}: OK — ${verdict.entries} entries, chain head sha256:${verdict.headHash}${against}`);
  }
  if (incidents.length === 0) lines.push('No incidents yet.');
  return { code: broken > 0 ? 1 : 0, stdout: lines.join('\n') };
}
