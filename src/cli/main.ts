import { existsSync } from 'node:fs';
import { databasePathFrom } from '../config.js';
import { migrateDatabase, openDatabase } from '../store/db.js';
import { sqliteStore } from '../store/sqlite-store.js';
import type { CliResult } from './cli-result.js';
import { timelineExport } from './timeline-export.js';
import { timelineVerify } from './timeline-verify.js';
import { withIncident } from './with-incident.js';
import { isValidTimeZone } from '../core/postmortem/zoned-time.js';
import { playbooksValidate } from './playbooks-validate.js';
import { drillCommand, DRILL_HELP } from './drill-command.js';
import { dataDirFrom, evidenceCli } from './evidence-command.js';
import { postmortemCli } from './postmortem-export.js';
import { outboxCli } from './outbox-command.js';
import { findProjectPath } from '../project-file.js';

const HELP = `warroom — operator commands

Usage: warroom <command> [options]

Commands:
  timeline verify <INC-0042|--all>   Recompute an incident's timeline chain, check its signed checkpoints; exit 1 if edited or cut.
  timeline export <INC-0042>         Print the timeline as text: every entry, who did it (name and id), when.
  drill <playbook> [--replay <file>]   Replay recorded alerts into a [DRILL] war room; report what fired and step times.
  drill report <INC-0042>            Per-step timings of a drill.
  playbooks validate [folder]        Check every playbook file (default: playbooks/); exit 1 on any problem.
  evidence verify <INC-0042>         Re-hash the evidence files and the chain of custody; exit 1 naming what changed.
  evidence export <INC-0042>         Write a signed evidence bundle (manifest, files, signature, VERIFY.md).
  evidence pubkey                    Print the evidence signing public key and its fingerprint.
  postmortem export <INC-0042>       Write the incident's postmortem as Markdown (--out <file>|-, --force).
  outbox list                        Chat deliveries refused for good (dead-lettered), with what to fix.
  outbox retry <id>|--all            Re-queue dead deliveries after fixing the cause (same idempotency key).
  outbox discard <id>                Give a dead delivery up (recorded).
  migrate                            Apply database migrations (the server also does this at start-up).
  help                               This text.

Options:
  --db <path>    SQLite database to use (default: $DATABASE_PATH, else $DATA_DIR/warroom.db, else ./data/warroom.db)
  --help, -h     Help for any command.
`;

const TIMELINE_HELP = `Usage: warroom timeline verify <INC-0042|--all> [--expect-head <hash>] [--public-key <file>] [--db <path>]
       warroom timeline export <INC-0042> [--db <path>]

export prints every entry of a verified timeline as a line of text (times in $WARROOM_TIME_ZONE, default UTC),
naming who did what by name and id. Redirect it to keep it: warroom timeline export INC-0042 > INC-0042-timeline.txt

verify recomputes every entry's SHA-256 over its content and the previous entry's hash, and checks the chain against
the signed checkpoints warroom records at every status change and at close (each must match the entry it
covers and verify with the public key): entries cut off the end are named, with how many are missing.
Prints the chain head for each incident: keep it somewhere else (a ticket, an e-mail) and prove it later with
--expect-head <hash>.

  --expect-head <hash>   A head printed earlier (sha256:…); exit 1 if it is no longer in the chain.
  --public-key <file>    Check checkpoint signatures with this Ed25519 public key
                         (default: $DATA_DIR/keys/evidence-ed25519.pub.pem; warroom evidence pubkey prints it).
Exit status: 0 intact, 1 tampered or cut, 2 bad usage, unknown incident or no public key.`;

/** Runs one CLI invocation; separated from process handling so tests call it directly. */
/** Like runCli, for commands that wait (drill); what run.ts calls. */
export async function runCliAsync(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  if (argv[0] !== 'drill') return runCli(argv, env);
  const args = [...argv];
  const dbFlag = args.indexOf('--db');
  const dbPath = dbFlag >= 0 ? (args.splice(dbFlag, 2)[1] ?? '') : databasePathFrom(env);
  const [, sub, ...rest] = args;
  if (args.includes('--help') || args.includes('-h')) return { code: 0, stdout: DRILL_HELP };
  if (!sub) return { code: 2, stderr: DRILL_HELP };
  if (!existsSync(dbPath))
    return { code: 2, stderr: `No database at ${dbPath}. Set DATA_DIR or DATABASE_PATH, or pass --db <path>.` };
  const database = openDatabase(dbPath);
  try {
    return await drillCommand(
      sqliteStore(database.db),
      [sub, ...rest],
      env.WARROOM_PLAYBOOKS ?? findProjectPath('playbooks'),
    );
  } finally {
    database.close();
  }
}

export function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const args = [...argv];
  let dbPath = databasePathFrom(env);
  const dbFlag = args.indexOf('--db');
  if (dbFlag >= 0) {
    const value = args[dbFlag + 1];
    if (!value) return { code: 2, stderr: '--db needs a path, e.g. --db ./data/warroom.db' };
    dbPath = value;
    args.splice(dbFlag, 2);
  }
  const wantsHelp = args.includes('--help') || args.includes('-h');
  const [command, sub, ...rest] = args.filter((a) => a !== '--help' && a !== '-h');

  if (!command || command === 'help')
    return { code: command || wantsHelp ? 0 : 2, ...(command || wantsHelp ? { stdout: HELP } : { stderr: HELP }) };
  if (command === 'migrate') {
    if (wantsHelp)
      return { code: 0, stdout: 'Usage: warroom migrate [--db <path>]\nApplies pending migrations from migrations/.' };
    const applied = migrateDatabase(dbPath);
    return { code: 0, stdout: `${dbPath}: ${applied} migration(s) applied; schema is current.` };
  }
  if (command === 'drill')
    return { code: 2, stderr: 'warroom drill waits for the server; run it through the warroom binary (runCliAsync).' };
  if (command === 'playbooks') {
    if (wantsHelp || sub !== 'validate') {
      const usage =
        'Usage: warroom playbooks validate [folder]\nChecks schema, step references, NIST stage order and ATT&CK ids; prints file:line for each problem.';
      return wantsHelp
        ? { code: 0, stdout: usage }
        : { code: 2, stderr: `Unknown playbooks command "${sub ?? ''}".\n${usage}` };
    }
    const folder = rest[0] ?? env.WARROOM_PLAYBOOKS ?? findProjectPath('playbooks');
    if (!existsSync(folder))
      return {
        code: 2,
        stderr: `No folder ${folder}. Give the playbooks folder: warroom playbooks validate <folder>.`,
      };
    // Check roles against this deployment's WARROOM_ROLES when it is set (as the server will).
    const roles = env.WARROOM_ROLES?.split(',')
      .map((r) => r.trim().toLowerCase())
      .filter(Boolean);
    return playbooksValidate(folder, roles && roles.length > 0 ? roles : ['comms', 'ops', 'scribe', 'security']);
  }
  if (command === 'timeline') {
    if (wantsHelp) return { code: 0, stdout: TIMELINE_HELP };
    if (sub === 'export') {
      const timeZone = env.WARROOM_TIME_ZONE?.trim() || 'UTC';
      if (!isValidTimeZone(timeZone))
        return {
          code: 2,
          stderr: `WARROOM_TIME_ZONE=${timeZone}: not an IANA time zone; use one like Europe/Berlin or UTC.`,
        };
      if (rest.length > 1) return { code: 2, stderr: TIMELINE_HELP };
      return withIncident(dbPath, 'warroom timeline export <INC-0042>', rest[0], (store, incident) =>
        timelineExport(store, incident, timeZone),
      );
    }
    if (sub !== 'verify') return { code: 2, stderr: `Unknown timeline command "${sub ?? ''}".\n${TIMELINE_HELP}` };
    if (!existsSync(dbPath))
      return { code: 2, stderr: `No database at ${dbPath}. Set DATA_DIR or DATABASE_PATH, or pass --db <path>.` };
    const database = openDatabase(dbPath);
    try {
      return timelineVerify(sqliteStore(database.db), rest, { dataDir: dataDirFrom(env) });
    } finally {
      database.close();
    }
  }
  if (command === 'postmortem')
    return postmortemCli(args.filter((a) => a !== '--help' && a !== '-h').slice(1), { dbPath, env, wantsHelp });
  if (command === 'outbox')
    return outboxCli(args.filter((a) => a !== '--help' && a !== '-h').slice(1), { dbPath, wantsHelp });
  if (command === 'evidence')
    return evidenceCli(args.filter((a) => a !== '--help' && a !== '-h').slice(1), { dbPath, env, wantsHelp });
  return { code: 2, stderr: `Unknown command "${command}".\n\n${HELP}` };
}
