import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Actor } from '../core/actor.js';
import { isWarroomError } from '../core/errors.js';
import { exportEvidence } from '../core/evidence/export-evidence.js';
import type { Incident } from '../core/incident/incident.js';
import type { Store } from '../core/store-port.js';
import { openEvidenceVault } from '../infra/evidence/open-evidence-vault.js';
import { loadSigningKey, signingKeyPaths } from '../infra/evidence/signing-key.js';
import { checkBundleDestination, writeEvidenceBundle } from '../infra/evidence/write-evidence-bundle.js';
import { findProjectPath } from '../project-file.js';
import type { CliResult } from './cli-result.js';

function warroomVersion(): string {
  const pkg = JSON.parse(readFileSync(findProjectPath('package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** 2026-11-24T09:00:00.000Z → 20261124T090000Z, safe in a folder name on every OS. */
const compactTime = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** `warroom evidence export <ref>`: a signed, self-describing folder an auditor can check without warroom. */
export function evidenceExport(o: {
  store: Store;
  incident: Incident;
  dataDir: string;
  now: () => Date;
  actor: Actor;
  out?: string;
  purpose?: string;
}): CliResult {
  const key = loadSigningKey(o.dataDir);
  if (!key) {
    return {
      code: 2,
      stderr: `No evidence signing key at ${signingKeyPaths(o.dataDir).privateKeyPath}. Start warroom once with DATA_DIR=${o.dataDir}: the first start creates it.`,
    };
  }
  const generatedAt = o.now();
  const dir = resolve(o.out ?? `${o.incident.ref}-evidence-${compactTime(generatedAt)}`);
  // Checked before anything is recorded: a refused destination must not leave "exported" entries behind.
  const refused = checkBundleDestination(dir);
  if (refused) return { code: 2, stderr: refused };
  const vault = openEvidenceVault(o.dataDir);
  let exported;
  try {
    exported = exportEvidence({
      ctx: { actor: o.actor, now: () => generatedAt, store: o.store },
      vault,
      signer: key.signer,
      input: {
        incidentId: o.incident.id,
        location: `${hostname()}:${dir}`,
        purpose: o.purpose,
        generator: { name: 'warroom', version: warroomVersion() },
      },
    });
  } catch (error) {
    if (isWarroomError(error)) return { code: error.code === 'CONFLICT' ? 1 : 2, stderr: error.message };
    throw error;
  }
  try {
    writeEvidenceBundle(dir, exported, vault.contents, generatedAt.toISOString());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      code: 2,
      stderr: `The export was logged in the custody chain, but writing ${dir} failed: ${reason}. Fix that and export again.`,
    };
  }
  const lines = [
    `Exported ${exported.files.length} item(s) of ${o.incident.ref} to ${dir}`,
    `  manifest.json sha256:${createHash('sha256').update(exported.manifest).digest('hex')}`,
    `  custody chain head sha256:${exported.custodyHead}`,
    `  timeline chain head sha256:${exported.timelineHead}`,
    `  signed with Ed25519 key ${exported.fingerprint}`,
    'Keep the chain heads somewhere warroom cannot write. Auditors: VERIFY.md in the folder explains the checks.',
  ];
  return {
    code: 0,
    stdout: lines.join('\n'),
    ...(key.warnings.length > 0 ? { stderr: key.warnings.map((w) => `warning: ${w}`).join('\n') } : {}),
  };
}
