// npm run bench (part 3): how fast Slack gets its ack for `/incident list` and `/incident declare`, against an empty
// Bolt 5 app with the same signing secret measured in the same run (issue 12: within 2x of it). Runs alternate,
// baseline then warroom (A, B, A, B …), each with 4 concurrent senders; each round gives one ratio of p99s and the
// median round is reported. The figure is the time to Slack's HTTP answer (the ack), not to the command's reply.
// ACK_BENCH_ROUNDS=n sets the rounds (default 5); ACK_BENCH_PROFILE=<dir> writes a CPU profile of warroom there.
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { signSlackRequest, slashCommand } from '../test/support/slack-requests.js';
import type { LoopDelay, TargetRole } from './slack-ack-target.js';
import { type ChildTarget, startChildTarget } from './support/child-target.js';
import { describeMachine } from './support/machine.js';
import { median, percentile } from './support/percentile.js';
import { type BenchFigure, printFigures, recordBench } from './support/results.js';

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const SENDERS = 4;
const ROUNDS = Number(process.env.ACK_BENCH_ROUNDS ?? 5);
/** Requests per run (split across the senders). Declares open war rooms in the fake: fewer of them. */
const PER_RUN = { list: 400, declare: 200 } as const;
/** The target is 2x; the bench fails only when a ratio is far past it, not on noise. */
const TARGET_RATIO = 2;
const FAIL_RATIO = 4;

type Command = keyof typeof PER_RUN;

type Target = ChildTarget;

/** Starts one side in its own process (tsx) and waits until it serves. */
function startTarget(role: TargetRole, ...args: string[]): Promise<Target> {
  const profile =
    role === 'warroom' && process.env.ACK_BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ACK_BENCH_PROFILE}`]
      : [];
  return startChildTarget(fileURLToPath(new URL('./slack-ack-target.ts', import.meta.url)), [role, ...args], {
    nodeArgs: profile,
  });
}

/** POSTs one signed slash command; resolves with the milliseconds until the whole HTTP answer arrived. */
function post(url: string, agent: Agent, body: string): Promise<number> {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(body)),
    ...signSlackRequest(SIGNING_SECRET, body),
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const TEXT: Record<Command, (i: number) => string> = {
  list: () => 'list',
  declare: (i) => `declare Bench outage ${i} sev3`,
};

/** One run: `count` commands from SENDERS concurrent senders, each sending its next as soon as it has its ack. */
async function run(url: string, command: Command, count: number, responseUrls: string[]): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, sender) => {
      while (next < count) {
        const i = next++;
        const { body } = slashCommand({
          text: TEXT[command](i),
          user_id: `U${sender + 1}`,
          response_url: responseUrls[i] ?? '',
        });
        latencies.push(await post(url, agent, body));
      }
    }),
  );
  agent.destroy();
  return latencies;
}

/**
 * Waits until warroom has answered every command on its response_url. Its outbox may still be posting (each
 * declare's announcement in the channel it was typed in is paced at about one a second, as Slack asks): that
 * background work continues through the next runs, as it would in production.
 */
async function answered(fake: Target, expectedResponses: number): Promise<void> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const responses = await fake.ask<number>({ ask: 'responses' });
    if (responses >= expectedResponses) return;
    if (performance.now() > deadline)
      throw new Error(`warroom did not answer: ${responses}/${expectedResponses} replies on response_url`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Figures {
  p50: number;
  p99: number;
  /** warroom only: its event loop's delay during the run (and until every command was answered). */
  loop?: LoopDelay;
}

async function main(): Promise<void> {
  const fake = await startTarget('fake-slack');
  const baseline = await startTarget('empty-bolt', SIGNING_SECRET);
  const warroom = await startTarget('warroom', SIGNING_SECRET, fake.url);
  const rounds: Record<Command, Array<{ a: Figures; b: Figures }>> = { list: [], declare: [] };
  let expectedResponses = 0;
  const measure = async (target: Target, command: Command, count: number): Promise<Figures> => {
    const urls = await fake.ask<string[]>({ ask: 'response-urls', count });
    if (target === warroom) await warroom.ask<LoopDelay>({ ask: 'loop-delay' });
    const latencies = await run(target.url, command, count, urls);
    const figures: Figures = { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    if (target === warroom) {
      figures.loop = await warroom.ask<LoopDelay>({ ask: 'loop-delay' });
      // list answers once; declare answers, then says where the war room is.
      expectedResponses += count * (command === 'declare' ? 2 : 1);
      await answered(fake, expectedResponses);
    }
    return figures;
  };
  try {
    // Warm-up (JIT, connection set-up, first migrations' caches), not counted.
    for (const command of ['list', 'declare'] as const) {
      await measure(baseline, command, 40);
      await measure(warroom, command, 40);
    }
    for (let round = 0; round < ROUNDS; round += 1)
      for (const command of ['list', 'declare'] as const) {
        const a = await measure(baseline, command, PER_RUN[command]);
        const b = await measure(warroom, command, PER_RUN[command]);
        rounds[command].push({ a, b });
      }
  } finally {
    warroom.stop();
    baseline.stop();
    fake.stop();
  }

  const ms = (v: number) => Math.round(v * 10) / 10;
  const figures: BenchFigure[] = (['list', 'declare'] as const).map((command) => {
    const r = rounds[command];
    const ratio = median(r.map(({ a, b }) => b.p99 / a.p99));
    const p50Ratio = median(r.map(({ a, b }) => b.p50 / a.p50));
    return {
      name: `/incident ${command} ack p99, ${SENDERS} senders (ratio)`,
      value: Math.round(ratio * 100) / 100,
      unit: 'x',
      target: `≤ ${TARGET_RATIO}x`,
      verdict: ratio <= TARGET_RATIO ? 'ok' : ratio <= FAIL_RATIO ? 'slow' : 'failed',
      baseline: { name: 'empty Bolt 5 app, p99', value: ms(median(r.map((x) => x.a.p99))), unit: 'ms' },
      detail:
        `warroom p50/p99 ${ms(median(r.map((x) => x.b.p50)))}/${ms(median(r.map((x) => x.b.p99)))} ms (p50 ratio ${p50Ratio.toFixed(2)}x); ` +
        `rounds' p99 ratios ${r.map(({ a, b }) => (b.p99 / a.p99).toFixed(2)).join(', ')}; ` +
        `event loop held up p99/max ${r.map(({ b }) => `${b.loop?.p99.toFixed(0)}/${b.loop?.max.toFixed(0)}`).join(', ')} ms`,
    } satisfies BenchFigure;
  });
  printFigures(
    `Slack ack latency, ${SENDERS} concurrent senders, ${ROUNDS} interleaved rounds (median of rounds); ${describeMachine()}`,
    figures,
  );
  recordBench('slack-ack', figures);
  if (figures.some((f) => f.verdict === 'failed')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
