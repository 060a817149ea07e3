import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DeadLetter } from '../core/outbox/dead-letter.js';
import { OutboxIntent } from '../core/outbox/outbox-intent.js';
import type { Store } from '../core/store-port.js';
import { channelLabel, deadLetterFix } from '../infra/outbox/dead-letter-fix.js';
import { openDatabase } from '../store/db.js';
import { sqliteStore } from '../store/sqlite-store.js';
import type { CliResult } from './cli-result.js';
import { operatorName } from './operator-name.js';

export const OUTBOX_HELP = `Usage: warroom outbox <command> [options]

  list                 Chat deliveries refused for good (dead-lettered): id, created, method, destination,
                       error, attempts, and what to fix.
  retry <id>|--all     Put a dead delivery (or all of them) back in its queue once the cause is fixed. The
                       running warroom sends it within a second, under its original idempotency key, so nothing
                       is sent twice. If it fails the same way it is back in the list.
  discard <id>         Give a dead delivery up (recorded with who and when; still counted by
                       warroom_outbox_dead_total).

Options:
  --as <name>    Who re-drives or discards, for the record (default: your OS user).
  --db <path>    SQLite database (default: $DATABASE_PATH, else $DATA_DIR/warroom.db).
Also: npm run warroom -- outbox list
Exit status: 0 ok, 1 nothing to re-drive or discard with that id, 2 bad usage or no database.`;

export interface OutboxCliOptions {
  dbPath: string;
  wantsHelp: boolean;
  now?: () => Date;
}

function destinationLabel(store: Store, destination: string): string {
  const [kind, rest = ''] = destination.split(/:(.*)/s);
  if (kind === 'channel') return channelLabel(rest);
  if (kind === 'user') return `DM ${rest}`;
  const incident = kind === 'incident' ? store.incidents.byId(Number(rest)) : null;
  return incident ? `${incident.ref} war room` : destination;
}

function describeDead(store: Store, d: DeadLetter): string[] {
  const parsed = OutboxIntent.safeParse(JSON.parse(d.intent));
  const fix = parsed.success
    ? deadLetterFix(d.outboxId, d, parsed.data)
    : `run \`npx warroom outbox discard ${d.outboxId}\``;
  return [
    `#${d.outboxId}  created ${d.createdAt}  ${d.method} → ${destinationLabel(store, d.destination)}  error ${d.code}  attempts ${d.attempts}`,
    `    fix: ${fix}`,
  ];
}

function parseId(raw: string | undefined): number | null {
  return raw !== undefined && /^#?\d+$/.test(raw) ? Number(raw.replace('#', '')) : null;
}

/** `warroom outbox list|retry|discard`: see dead-lettered chat deliveries and re-drive or drop them. */
export function outboxCli(args: string[], options: OutboxCliOptions): CliResult {
  if (options.wantsHelp) return { code: 0, stdout: OUTBOX_HELP };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { all: { type: 'boolean' }, as: { type: 'string' } },
    });
  } catch (error) {
    return { code: 2, stderr: `${error instanceof Error ? error.message : String(error)}\n\n${OUTBOX_HELP}` };
  }
  const [sub, target, ...extra] = parsed.positionals;
  if (extra.length > 0) return { code: 2, stderr: `Unexpected "${extra.join(' ')}".\n\n${OUTBOX_HELP}` };
  if (sub !== 'list' && sub !== 'retry' && sub !== 'discard') {
    return {
      code: 2,
      stderr: `${sub ? `Unknown outbox command "${sub}".` : 'Which outbox command?'}\n\n${OUTBOX_HELP}`,
    };
  }
  const id = parseId(target);
  if (sub === 'list' && (target || parsed.values.all))
    return { code: 2, stderr: 'Usage: warroom outbox list (it takes no id)' };
  if (sub === 'retry' && (parsed.values.all ? target !== undefined : id === null)) {
    return {
      code: 2,
      stderr: 'Usage: warroom outbox retry <id>|--all (the id is the number `warroom outbox list` shows, e.g. 12)',
    };
  }
  if (sub === 'discard' && (id === null || parsed.values.all)) {
    return {
      code: 2,
      stderr: 'Usage: warroom outbox discard <id> (one at a time; the id is the number `warroom outbox list` shows)',
    };
  }
  if (!existsSync(options.dbPath))
    return { code: 2, stderr: `No database at ${options.dbPath}. Set DATA_DIR or DATABASE_PATH, or pass --db <path>.` };
  const database = openDatabase(options.dbPath);
  try {
    const store = sqliteStore(database.db);
    const now = options.now?.() ?? new Date();
    const by = operatorName(parsed.values.as);
    if (sub === 'list') {
      const dead = store.outbox.listDead();
      if (dead.length === 0) return { code: 0, stdout: 'No dead-lettered deliveries.' };
      const lines = dead.flatMap((d) => describeDead(store, d));
      return {
        code: 0,
        stdout: [`${dead.length} dead-lettered deliver${dead.length === 1 ? 'y' : 'ies'}:`, ...lines].join('\n'),
      };
    }
    if (sub === 'retry') {
      const requeued = store.outbox.redrive(parsed.values.all ? 'all' : [id ?? -1], now, by);
      if (requeued.length === 0) {
        return parsed.values.all
          ? { code: 0, stdout: 'No dead-lettered deliveries to re-drive.' }
          : { code: 1, stderr: `No dead delivery #${id}. See \`warroom outbox list\`.` };
      }
      return {
        code: 0,
        stdout: `Re-queued ${requeued.map((n) => `#${n}`).join(', ')} with ${requeued.length === 1 ? 'its' : 'their'} original idempotency key${requeued.length === 1 ? '' : 's'}. The running warroom sends ${requeued.length === 1 ? 'it' : 'them'} within a second; check again with \`warroom outbox list\`.`,
      };
    }
    const discarded = store.outbox.discard(id ?? -1, now, by);
    if (!discarded) return { code: 1, stderr: `No dead delivery #${id}. See \`warroom outbox list\`.` };
    return {
      code: 0,
      stdout: `Discarded #${id} (recorded as discarded by ${by} at ${now.toISOString()}); it will not be sent.`,
    };
  } finally {
    database.close();
  }
}
