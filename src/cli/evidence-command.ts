import { operatorName } from './operator-name.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '../core/actor.js';
import type { CliResult } from './cli-result.js';
import { withIncident } from './with-incident.js';
import { evidenceExport } from './evidence-export.js';
import { evidencePubkey } from './evidence-pubkey.js';
import { evidenceVerify } from './evidence-verify.js';

export const EVIDENCE_HELP = `Usage: warroom evidence <command> [options]

  verify <INC-0042> [--expect-head <hash>] [--no-record] [--as <name>]
      Re-hash every stored evidence file and recompute the chain-of-custody hashes. Exit 1 naming each changed
      file or custody entry; exit 0 printing the custody chain head. A passing check is logged as a "verified"
      custody entry per item (--no-record for monitoring jobs). --expect-head proves a head you kept earlier
      (from a previous verify or an export's manifest.json) is still in the log.
  export <INC-0042> [--out <dir>] [--purpose <text>] [--as <name>]
      Write a signed bundle: the files, manifest.json (hashes, metadata, custody log and chain heads),
      manifest.sig, manifest.sig.bin, public-key.pem and VERIFY.md (how an auditor checks it with openssl).
      Default folder: ./INC-0042-evidence-<time>. Each item gets an "exported" custody entry.
  pubkey
      Print the deployment's Ed25519 public key (PEM) and its SHA-256 fingerprint; publish the fingerprint so
      auditors can trust exported bundles.

Options:
  --as <name>    Who is handling the evidence, for the custody log (default: your OS user).
  --db <path>    SQLite database (default: $DATABASE_PATH, else $DATA_DIR/warroom.db).
The vault and the signing key are under $DATA_DIR (default ./data): evidence/ and keys/.
Exit status: 0 ok, 1 evidence failed verification, 2 bad usage or unknown incident.`;

export interface EvidenceCliEnv {
  dbPath: string;
  env: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** Same default as src/config.ts: the operator tools find the vault where the server keeps it. */
export function dataDirFrom(env: NodeJS.ProcessEnv): string {
  return resolve(env.DATA_DIR?.trim() || './data');
}

/** The person at the terminal, as the custody log names them; the CLI is not a chat user, so a system actor says who. */
export function operatorActor(command: string, as: string | undefined): Actor {
  return { type: 'system', reason: `operator ${operatorName(as)} (warroom evidence ${command})` };
}

export function evidenceCli(args: string[], options: EvidenceCliEnv & { wantsHelp: boolean }): CliResult {
  if (options.wantsHelp) return { code: 0, stdout: EVIDENCE_HELP };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        purpose: { type: 'string' },
        as: { type: 'string' },
        'no-record': { type: 'boolean' },
        'expect-head': { type: 'string' },
      },
    });
  } catch (error) {
    return { code: 2, stderr: `${error instanceof Error ? error.message : String(error)}\n\n${EVIDENCE_HELP}` };
  }
  const [sub, ref, ...extra] = parsed.positionals;
  const flags = parsed.values;
  if (extra.length > 0) return { code: 2, stderr: `Unexpected "${extra.join(' ')}".\n\n${EVIDENCE_HELP}` };
  const dataDir = dataDirFrom(options.env);
  const now = options.now ?? (() => new Date());
  switch (sub) {
    case 'verify':
      return withIncident(options.dbPath, 'warroom evidence verify <INC-0042>', ref, (store, incident) =>
        evidenceVerify({
          store,
          incident,
          dataDir,
          now,
          actor: operatorActor('verify', flags.as),
          record: !flags['no-record'],
          expectHead: flags['expect-head'],
        }),
      );
    case 'export':
      return withIncident(options.dbPath, 'warroom evidence export <INC-0042>', ref, (store, incident) =>
        evidenceExport({
          store,
          incident,
          dataDir,
          now,
          actor: operatorActor('export', flags.as),
          out: flags.out,
          purpose: flags.purpose,
        }),
      );
    case 'pubkey':
      if (ref) return { code: 2, stderr: 'Usage: warroom evidence pubkey (it takes no incident)' };
      return evidencePubkey(dataDir);
    default:
      return {
        code: 2,
        stderr: `${sub ? `Unknown evidence command "${sub}".` : 'Which evidence command?'}\n\n${EVIDENCE_HELP}`,
      };
  }
}
