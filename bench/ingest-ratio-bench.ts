// npm run bench (ingest): alert webhooks accepted per second by warroom, processing on, against a bare node:http +
// better-sqlite3 receiver (one durable insert per request, WAL, synchronous=FULL) measured in the same run (issue 12:
// ≥ 0.5x of it). Same payloads, same 16 keep-alive senders; runs alternate baseline then warroom (A, B, A, B …) and
// the median round's ratio is reported. While warroom ingests, a P1 for another service is sent halfway through: its
// war room must open in < 5 s however long the queue behind it. INGEST_BENCH_ROUNDS=n sets the rounds (default 3).
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { IngestTargetRole, LoopDelay } from './ingest-target.js';
import { type ChildTarget, startChildTarget } from './support/child-target.js';
import { describeMachine } from './support/machine.js';
import { median, percentile } from './support/percentile.js';
import { type BenchFigure, printFigures, recordBench } from './support/results.js';

const SECRET = 'bench-webhook-secret-0123456789';
const SENDERS = 16;
const ROUNDS = Number(process.env.INGEST_BENCH_ROUNDS ?? 3);
const PER_RUN = Number(process.env.INGEST_BENCH_ALERTS ?? 3_000);
/** Distinct alerts per run: the rest are repeats, as in a flapping or storming system. */
const FINGERPRINTS = 100;
const TARGET_RATIO = 0.5;
/** Far off target: a regression, not noise on a busy 2-core machine. */
const FAIL_RATIO = 0.25;
const P1_TARGET_MS = 5_000;

const start = (role: IngestTargetRole) =>
  startChildTarget(fileURLToPath(new URL('./ingest-target.ts', import.meta.url)), [role, SECRET]);

function alertBody(run: string, i: number): string {
  return JSON.stringify({
    title: `Disk filling on wiki-${i % FINGERPRINTS}`,
    severity: 'low',
    service: 'internal-wiki',
    fingerprint: `${run}-${i % FINGERPRINTS}`,
    description: 'Free space below 10 % on the data volume.',
  });
}

/** POSTs one signed webhook; resolves with the milliseconds until its whole answer arrived. */
function post(url: string, agent: Agent, body: string): Promise<number> {
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-warroom-signature': signature,
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(`${url}/webhooks/alerts/generic`, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 202 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Run {
  rate: number;
  p50: number;
  p99: number;
  /** warroom only. */
  loop?: LoopDelay;
  processedRate?: number;
  p1Ms?: number;
}

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `count` webhooks from SENDERS senders, each sending its next once answered; optionally a P1 halfway through. */
async function ingest(target: ChildTarget, run: string, count: number, p1?: string): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
  const latencies: number[] = [];
  let next = 0;
  let p1Sent: Promise<number> | null = null;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < count) {
        const i = next++;
        if (p1 && i === Math.floor(count / 2)) p1Sent = sendP1(target, agent, p1);
        latencies.push(await post(target.url, agent, alertBody(run, i)));
      }
    }),
  );
  const accepted = performance.now();
  const result: Run = {
    rate: count / ((accepted - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
  if (p1Sent) result.p1Ms = await p1Sent;
  agent.destroy();
  return result;
}

/** A P1 for another service; resolves with the milliseconds until its war room has its header. */
async function sendP1(target: ChildTarget, agent: Agent, title: string): Promise<number> {
  const started = performance.now();
  await post(
    target.url,
    agent,
    // A service of its own each time: an open incident for the same service would take it in (grouping).
    JSON.stringify({ title, severity: 'critical', service: title.replace(/\W+/g, '-'), fingerprint: title }),
  );
  await until(`the war room for "${title}"`, 60_000, () => target.ask<boolean>({ ask: 'war-room', title }));
  return performance.now() - started;
}

async function main(): Promise<void> {
  const baseline = await start('bare');
  const warroom = await start('warroom');
  const rounds: Array<{ a: Run; b: Run }> = [];
  try {
    // Warm-up (JIT, connections, first statements), not counted.
    await ingest(baseline, 'warm', 300);
    await ingest(warroom, 'warm', 300);
    await until('warm-up processing', 120_000, async () => (await warroom.ask<number>({ ask: 'backlog' })) === 0);
    for (let round = 0; round < ROUNDS; round += 1) {
      const a = await ingest(baseline, `r${round}`, PER_RUN);
      await warroom.ask<LoopDelay>({ ask: 'loop-delay' });
      const started = performance.now();
      const b = await ingest(warroom, `r${round}`, PER_RUN, `Checkout down ${round}`);
      b.loop = await warroom.ask<LoopDelay>({ ask: 'loop-delay' });
      await until('processing', 300_000, async () => (await warroom.ask<number>({ ask: 'backlog' })) === 0);
      b.processedRate = PER_RUN / ((performance.now() - started) / 1000);
      rounds.push({ a, b });
    }
  } finally {
    warroom.stop();
    baseline.stop();
  }

  const ratio = median(rounds.map(({ a, b }) => b.rate / a.rate));
  const p99Ratio = median(rounds.map(({ a, b }) => b.p99 / a.p99));
  const p1 = Math.max(...rounds.map(({ b }) => b.p1Ms ?? Number.POSITIVE_INFINITY));
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const figures: BenchFigure[] = [
    {
      name: `webhooks accepted, ${SENDERS} senders, processing on (ratio)`,
      value: Math.round(ratio * 100) / 100,
      unit: 'x',
      target: `≥ ${TARGET_RATIO}x`,
      verdict: ratio >= TARGET_RATIO ? 'ok' : ratio >= FAIL_RATIO ? 'slow' : 'failed',
      baseline: {
        name: 'node:http + better-sqlite3',
        value: Math.round(median(rounds.map((r) => r.a.rate))),
        unit: '/s',
      },
      detail:
        `warroom ${Math.round(median(rounds.map((r) => r.b.rate)))}/s, p50/p99 ${r1(median(rounds.map((r) => r.b.p50)))}/${r1(median(rounds.map((r) => r.b.p99)))} ms; ` +
        `baseline p50/p99 ${r1(median(rounds.map((r) => r.a.p50)))}/${r1(median(rounds.map((r) => r.a.p99)))} ms; ` +
        `rounds' ratios ${rounds.map(({ a, b }) => (b.rate / a.rate).toFixed(2)).join(', ')}; ` +
        `event loop held up p99/max ${rounds.map(({ b }) => `${b.loop?.p99.toFixed(0)}/${b.loop?.max.toFixed(0)}`).join(', ')} ms`,
    },
    {
      name: 'webhook 202 p99 (ratio to baseline)',
      value: Math.round(p99Ratio * 100) / 100,
      unit: 'x',
      target: 'informational',
      verdict: 'ok',
    },
    {
      name: `alerts processed end to end (${FINGERPRINTS} fingerprints per run)`,
      value: Math.round(median(rounds.map((r) => r.b.processedRate ?? 0))),
      unit: '/s',
      target: 'informational',
      verdict: 'ok',
    },
    {
      name: 'P1 for another service → war room, at full ingest (worst round)',
      value: Math.round(p1),
      unit: 'ms',
      target: `< ${P1_TARGET_MS} ms`,
      verdict: p1 < P1_TARGET_MS ? 'ok' : p1 < 2 * P1_TARGET_MS ? 'slow' : 'failed',
    },
  ];
  printFigures(
    `Alert ingest, ${PER_RUN} webhooks per run, ${ROUNDS} interleaved rounds (median); ${describeMachine()}`,
    figures,
  );
  recordBench('ingest', figures);
  if (figures.some((f) => f.verdict === 'failed')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
