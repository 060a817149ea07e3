// npm run bench (part 3): history does not slow today. 100k incidents and 2M timeline entries over two years, as
// releases up to migration 0019 left them (clocks of closed incidents still running), then in a fresh process (so
// its memory is the app's, not the seeder's): the upgrade, `/incident list`, `/incident stats 90d` and
// `GET /api/stats?days=366` p99, the scheduler tick, and RSS after 1,000 mixed queries. Targets are checked here,
// never in timed tests; a figure far over its target (twice) fails the run, one a little over is flagged.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runIncidentCommand } from '../commands/index.js';
import { sandboxFmt } from '../src/adapters/sandbox/sandbox-fmt.js';
import { startWarroom } from '../src/app.js';
import { loadPlaybooks } from '../src/catalog/load-playbooks.js';
import { loadConfig } from '../src/config.js';
import { DEFAULT_ALERT_POLICY } from '../src/core/alert/priority-policy.js';
import type { Ctx } from '../src/core/context.js';
import { runScheduledJobs } from '../src/core/schedule/run-scheduled-jobs.js';
import { findProjectPath } from '../src/project-file.js';
import { openDatabase } from '../src/store/db.js';
import { seedHistory, seedSchemaMigrations, type SeededHistory } from './history-seed.js';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const ENTRIES_PER_INCIDENT = 20;
const NOW = new Date('2026-11-24T09:00:00.000Z');

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number;
  /** The median too, for a p99 on a busy machine. */
  median?: number;
}

function playbook() {
  const loaded = loadPlaybooks(findProjectPath('playbooks'), null);
  const ransomware = loaded.playbooks.find((p) => p.id === 'ransomware-host');
  if (!ransomware) throw new Error('playbooks/ransomware-host.yaml is missing or invalid');
  return ransomware;
}

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0;
};
const p99 = (samples: number[]) => percentile(samples, 0.99);
const median = (samples: number[]) => percentile(samples, 0.5);

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function timedAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The child: opens the seeded store as the app does and measures. */
async function measure(dir: string): Promise<{ figures: Figure[]; notes: string[] }> {
  const notes: string[] = [];
  const upgradeMs = timed(() => openDatabase(join(dir, 'warroom.db')).close());
  notes.push(`upgrade from the 0019 schema (migrations run at start): ${Math.round(upgradeMs)} ms`);
  let now = NOW;
  const app = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }), {
    now: () => now,
    // The bench runs the scheduler's pass itself, on its own clock.
    schedulerCron: '0 0 1 1 *',
    headerRefreshCron: '0 0 1 1 *',
  });
  notes.push(
    `RSS once started, before any query (the modules loaded: Slack, Teams and the rest): ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`,
  );
  try {
    const ctx: Ctx = {
      actor: { type: 'sandbox', userId: 'alice' },
      now: () => now,
      store: app.store,
      requestId: 'bench',
      settings: {
        platform: 'sandbox',
        roles: ['comms', 'ops', 'scribe', 'security'],
        announceChannel: null,
        alertPolicy: DEFAULT_ALERT_POLICY,
        playbooks: [playbook()],
        attack: null,
        timeZone: 'UTC',
      },
    };
    const fmt = sandboxFmt('UTC');
    const command = (text: string, channelId = 'bench') => {
      const result = runIncidentCommand(text, { ctx, channelId, fmt, parseUser: () => null });
      if (result.type !== 'reply' || result.refused) throw new Error(`/incident ${text} answered ${result.type}`);
    };
    // A connection per request: the synchronous work between requests (a slow tick) can outlast keep-alive.
    const api = (days: number) =>
      new Promise<void>((resolve, reject) => {
        get(`${app.url}/api/stats?days=${days}`, { agent: false }, (res) => {
          res.resume();
          res.once('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`/api/stats answered ${res.statusCode}`)),
          );
        }).once('error', reject);
      });
    const tick = () => {
      now = new Date(now.getTime() + 60_000);
      runScheduledJobs({ ctx: { ...ctx, actor: { type: 'system', reason: 'scheduler' } } });
    };
    const warRoom = `C${INCIDENTS - (INCIDENTS % 4)}`;

    const firstTick = timed(tick);
    notes.push(`first scheduler tick after the upgrade (catches up once): ${Math.round(firstTick)} ms`);
    // Warm the page cache and the statement caches, as a running server has them.
    command('list');
    command('stats 90d');
    await api(366);

    const list = Array.from({ length: 200 }, () => timed(() => command('list')));
    const stats = Array.from({ length: 100 }, () => timed(() => command('stats 90d')));
    const stats366: number[] = [];
    for (let i = 0; i < 30; i += 1) stats366.push(await timedAsync(() => api(366)));
    const ticks = Array.from({ length: 30 }, () => timed(tick));

    // 1,000 mixed queries, then the resident set size.
    const mix: Array<() => void | Promise<void>> = [
      ...Array.from({ length: 450 }, () => () => command('list')),
      ...Array.from({ length: 200 }, () => () => command('stats 90d')),
      ...Array.from({ length: 100 }, () => () => command('stats 30d')),
      ...Array.from({ length: 100 }, () => () => command('status', warRoom)),
      ...Array.from({ length: 90 }, () => () => api(30)),
      ...Array.from({ length: 40 }, () => () => api(366)),
      ...Array.from({ length: 20 }, () => tick),
    ];
    for (let i = 0; i < mix.length; i += 1) await mix[(i * 7919) % mix.length]?.();
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    return {
      notes,
      figures: [
        { name: '/incident list answer p99', value: p99(list), median: median(list), unit: 'ms', target: 50 },
        { name: '/incident stats 90d answer p99', value: p99(stats), median: median(stats), unit: 'ms', target: 50 },
        {
          name: 'GET /api/stats?days=366 p99',
          value: p99(stats366),
          median: median(stats366),
          unit: 'ms',
          target: 100,
        },
        {
          name: 'scheduler tick (event loop held), max',
          value: Math.max(...ticks),
          median: median(ticks),
          unit: 'ms',
          target: 20,
        },
        { name: `RSS after ${mix.length} mixed queries`, value: rssMb, unit: 'MB', target: 200 },
      ],
    };
  } finally {
    await app.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-history-bench-'));
  try {
    const s0 = performance.now();
    const seedMigrations = seedSchemaMigrations();
    const database = openDatabase(join(dir, 'warroom.db'), { migrationsFolder: seedMigrations });
    let seeded: SeededHistory;
    try {
      seeded = seedHistory(database.sqlite, {
        incidents: INCIDENTS,
        entriesPerIncident: ENTRIES_PER_INCIDENT,
        spanDays: 730,
        now: NOW,
        playbook: playbook(),
      });
    } finally {
      database.close();
      rmSync(seedMigrations, { recursive: true, force: true });
    }
    console.log(
      `seeded ${seeded.incidents} incidents (${seeded.open} open, ${seeded.active} active), ${seeded.timelineEntries} timeline entries, ${seeded.clocks} clocks (${seeded.clocksOfClosedLeftRunning} of closed incidents left running) in ${Math.round(performance.now() - s0)} ms`,
    );
    const child = fork(fileURLToPath(import.meta.url), ['--measure', dir]);
    const result = await new Promise<{ figures: Figure[]; notes: string[] }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { figures: Figure[]; notes: string[] }));
      child.once('exit', (code) => reject(new Error(`the measuring process exited with ${code}`)));
    });
    for (const note of result.notes) console.log(note);
    let failed = false;
    for (const f of result.figures) {
      const verdict = f.value <= f.target ? 'ok  ' : f.value <= 2 * f.target ? 'SLOW' : 'FAIL';
      failed ||= verdict === 'FAIL';
      console.log(
        `${verdict} ${f.name.padEnd(44)} ${String(Math.round(f.value)).padStart(7)} ${f.unit}  target < ${f.target} ${f.unit}${f.median === undefined ? '' : `  (median ${Math.round(f.median)} ${f.unit})`}`,
      );
    }
    if (failed) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') {
  const dir = process.argv[3] ?? '';
  measure(dir).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
