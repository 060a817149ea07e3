// The storm figure (issue 12): N identical alerts through the real app (webhook route, inbox processor, routing,
// outbox) with the sandbox chat, as fast as 8 senders can post them. Prints what the storm cost the war room in chat
// posts and edits and in timeline entries, and how long processing took. Times are printed, never judged (a busy
// 2-core machine); the chat calls (≤ 30) and the exact counts are correctness figures: exit 1 if they fail.
//
//   npx tsx bench/storm-bench.ts [alerts, default 10000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startWarroom, type RunningWarroom } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ROLL_UP_CAP_MS } from '../src/core/outbox/roll-up-budget.js';
import { verifyTimelineChain } from '../src/core/timeline/verify-timeline-chain.js';

const ALERTS = Number(process.argv[2] ?? 10_000);
const SENDERS = 8;
/** P2 (critical, a service the catalog does not know): a war room of its own. */
const ALERT = JSON.stringify({
  title: 'Payments API unreachable',
  severity: 'critical',
  service: 'payments',
  fingerprint: 'bench-storm',
});

async function post(url: string): Promise<void> {
  const res = await fetch(`${url}/webhooks/alerts/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: ALERT,
  });
  if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
  await res.arrayBuffer();
}

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const count = (app: RunningWarroom, sql: string, ...args: unknown[]): number =>
  (app.database.sqlite.prepare(sql).get(...args) as { n: number }).n;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-storm-bench-'));
  // The app's clock is the wall's, moved on by hand once the storm is over (see below).
  let skewMs = 0;
  const app = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }), {
    outboxPollMs: 20,
    now: () => new Date(Date.now() + skewMs),
  });
  try {
    await post(app.url);
    await until('the war room', () => app.store.incidents.byNumber(1)?.channelId != null, 30_000);
    await until('its first messages', () => app.store.outbox.countPending() === 0, 30_000);
    const incident = app.store.incidents.byNumber(1);
    if (!incident) throw new Error('no incident opened');

    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < ALERTS) {
          next += 1;
          await post(app.url);
        }
      }),
    );
    const acceptedMs = performance.now() - started;
    await until('processing', () => app.store.inbox.pending(1).length === 0, 600_000);
    await app.alertProcessor.idle(60_000);
    const processedMs = performance.now() - started;

    // The storm is over. Rather than wait out the last budgeted edit in real time (up to twice the storm's length,
    // 5 minutes at most), the app's clock moves past it; then the scheduler's pass writes the last repeats.
    skewMs += ROLL_UP_CAP_MS + 1_000;
    app.dispatcher.kick();
    await until('the last edit', () => app.store.outbox.countPending() === 0, 60_000);
    skewMs += 60_000;
    app.scheduler.runOnce();

    const room = `incident:${incident.id}`;
    const calls = count(
      app,
      "select count(*) as n from outbox where destination = ? and status = 'sent' and json_extract(intent, '$.type') <> 'warroom.open'",
      room,
    );
    const edits = count(
      app,
      "select count(*) as n from outbox where coalesce_key = ? and status = 'sent'",
      `warroom.alerts:${incident.id}`,
    );
    const entries = app.store.timeline.forIncident(incident.id);
    const rolledUp = entries
      .filter((e) => e.kind === 'alerts.repeated')
      .reduce((n, e) => n + (JSON.parse(e.payload) as { repeats: number }).repeats, 0);
    const received = app.store.alerts.latest('generic', 'bench-storm')?.receivedCount ?? 0;
    const outboxRows = count(app, 'select count(*) as n from outbox where destination = ?', room);

    const rows: Array<[string, string, string]> = [
      ['identical alerts posted', ALERTS.toLocaleString('en-US'), `${SENDERS} senders`],
      ['storm length (all accepted)', `${(acceptedMs / 1000).toFixed(1)} s`, ''],
      [
        'processing (first post → all routed)',
        `${(processedMs / 1000).toFixed(1)} s`,
        `${Math.round(ALERTS / (processedMs / 1000))}/s`,
      ],
      ['chat posts + edits in the war room', String(calls), calls <= 30 ? 'ok (≤ 30)' : 'FAIL (> 30)'],
      ['  of which the alert message', String(edits), 'post + budgeted edits'],
      ['outbox rows for the war room', String(outboxRows), 'redraws joined, not one per repeat'],
      [
        'timeline entries on the incident',
        String(entries.length),
        `${entries.filter((e) => e.kind === 'alerts.repeated').length} roll-ups`,
      ],
      [
        'repeats in roll-up entries',
        rolledUp.toLocaleString('en-US'),
        rolledUp === ALERTS ? 'ok (= alerts posted)' : 'FAIL',
      ],
      [
        'received count of the alert',
        received.toLocaleString('en-US'),
        received === ALERTS + 1 ? 'ok (exact)' : 'FAIL',
      ],
      ['timeline chain', verifyTimelineChain(entries).ok ? 'verifies' : 'BROKEN', ''],
    ];
    for (const [name, value, note] of rows) console.log(`${name.padEnd(40)} ${value.padStart(10)}  ${note}`);
    if (calls > 30 || rolledUp !== ALERTS || received !== ALERTS + 1 || !verifyTimelineChain(entries).ok)
      process.exitCode = 1;
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
