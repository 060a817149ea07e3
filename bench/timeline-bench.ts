// npm run bench (timeline): hash-chained timeline appends, each its own durable transaction, and verifying the
// chain. Prints a table and exits non-zero if a target is missed by a wide margin (a real regression, not noise).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { startWarroom } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { declareIncident } from '../src/core/incident/declare-incident.js';
import { addNote } from '../src/core/timeline/add-note.js';
import { verifyTimelineChain } from '../src/core/timeline/verify-timeline-chain.js';
import { median } from './support/percentile.js';
import { DEFAULT_ALERT_POLICY } from '../src/core/alert/priority-policy.js';
import { describeMachine } from './support/machine.js';
import { type BenchFigure, printFigures, recordBench } from './support/results.js';

const ROUNDS = 3;
const PER_ROUND = 700;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-'));
  const app = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  const results: BenchFigure[] = [];
  try {
    // Timeline appends (hash-chained, one transaction each) and verification.
    const ctx = {
      actor: { type: 'sandbox' as const, userId: 'alice' },
      now: () => new Date(),
      store: app.store,
      requestId: 'bench',
      settings: {
        platform: 'sandbox' as const,
        roles: ['comms'],
        announceChannel: null,
        alertPolicy: DEFAULT_ALERT_POLICY,
        playbooks: [],
        attack: null,
        timeZone: 'UTC',
      },
    };
    const incident = declareIncident({ ctx, input: { title: 'bench timeline' } });
    // The baseline: a plain durable insert per row (same database settings), and a bare sha256 chain over the rows.
    const bare = new Database(join(dir, 'bare.db'));
    bare.pragma('journal_mode = WAL');
    bare.pragma('synchronous = FULL');
    bare.exec('CREATE TABLE entries (id INTEGER PRIMARY KEY, incident INTEGER, payload TEXT)');
    const insert = bare.prepare('INSERT INTO entries (incident, payload) VALUES (?, ?)');
    const appendRounds: Array<{ a: number; b: number }> = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const a0 = performance.now();
      for (let i = 0; i < PER_ROUND; i += 1) insert.run(1, JSON.stringify({ text: `note ${round}.${i}` }));
      const a = PER_ROUND / ((performance.now() - a0) / 1000);
      const b0 = performance.now();
      for (let i = 0; i < PER_ROUND; i += 1)
        addNote({ ctx, input: { incidentId: incident.id, text: `note ${round}.${i}` } });
      appendRounds.push({ a, b: PER_ROUND / ((performance.now() - b0) / 1000) });
    }
    const appendRatio = median(appendRounds.map(({ a, b }) => b / a));
    results.push({
      name: 'timeline entries appended, hash-chained (ratio)',
      value: Math.round(appendRatio * 100) / 100,
      unit: 'x',
      target: '≥ 0.5x',
      verdict: appendRatio >= 0.5 ? 'ok' : appendRatio >= 0.2 ? 'slow' : 'failed',
      baseline: {
        name: 'one durable insert per row',
        value: Math.round(median(appendRounds.map((r) => r.a))),
        unit: '/s',
      },
      detail: `warroom ${Math.round(median(appendRounds.map((r) => r.b)))}/s; rounds' ratios ${appendRounds.map(({ a, b }) => (b / a).toFixed(2)).join(', ')}`,
    });
    const verifyRounds: Array<{ a: number; b: number }> = [];
    let verdict = { ok: true, entries: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      const a0 = performance.now();
      let hash = '';
      for (const row of bare.prepare('SELECT * FROM entries').all())
        hash = createHash('sha256').update(hash).update(JSON.stringify(row)).digest('hex');
      const a = performance.now() - a0;
      const b0 = performance.now();
      verdict = verifyTimelineChain(app.store.timeline.forIncident(incident.id));
      verifyRounds.push({ a, b: performance.now() - b0 });
    }
    bare.close();
    const verifyRatio = median(verifyRounds.map(({ a, b }) => b / a));
    results.push({
      name: `verify ${verdict.entries} chained entries (ratio)`,
      value: Math.round(verifyRatio * 100) / 100,
      unit: 'x',
      target: '≤ 5x',
      verdict: !verdict.ok || verifyRatio > 20 ? 'failed' : verifyRatio <= 5 ? 'ok' : 'slow',
      baseline: {
        name: 'read rows + bare sha256 chain',
        value: Math.round(median(verifyRounds.map((r) => r.a))),
        unit: 'ms',
      },
      detail: `warroom ${Math.round(median(verifyRounds.map((r) => r.b)))} ms`,
    });
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  printFigures(`Timeline, ${ROUNDS} interleaved rounds (median); ${describeMachine()}`, results);
  recordBench('timeline', results);
  if (results.some((r) => r.verdict === 'failed')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
