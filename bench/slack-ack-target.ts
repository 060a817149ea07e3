// One side of the Slack ack bench (bench/slack-ack-bench.ts), run as its own process so the load generator, the
// app under test and the fake Slack do not share an event loop:
//   fake-slack   the fake Web API and response_url host (Slack is remote in production)
//   empty-bolt   the baseline: a Bolt 5 app on the same HTTPReceiver settings that only acks
//   warroom      warroom in Slack mode against the fake
// It answers the bench over IPC: { ready: url } once serving, then one reply per question.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startWarroom } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startFakeSlack } from '../test/fakes/fake-slack.js';

export type TargetRole = 'fake-slack' | 'empty-bolt' | 'warroom';
export type TargetQuestion =
  | { ask: 'response-urls'; count: number }
  | { ask: 'responses' }
  | { ask: 'pending' }
  | { ask: 'loop-delay' };
/** How long warroom's event loop was held up since the last question (ms): what any ack may have waited on. */
export interface LoopDelay {
  p99: number;
  max: number;
}

const send = (message: unknown) => process.send?.(message);

async function fakeSlack(): Promise<void> {
  const fake = await startFakeSlack();
  fake.seedChannel({ name: 'general', id: 'C0GENERAL', members: ['UBOT', 'U1', 'U2', 'U3', 'U4'] });
  fake.seedChannel({ name: 'triage', id: 'C0TRIAGE', members: ['UBOT'] });
  process.on('message', (q: TargetQuestion) => {
    if (q.ask === 'response-urls') send(Array.from({ length: q.count }, () => fake.responseUrl()));
    // What the bench waits for between runs; the call log is dropped so a long bench does not grow the fake.
    if (q.ask === 'responses') {
      send(fake.responses.length);
      fake.calls.splice(0);
    }
  });
  send({ ready: fake.apiUrl });
}

async function emptyBolt(signingSecret: string): Promise<void> {
  // The same receiver settings warroom uses (src/adapters/slack/create-slack-app.ts), and nothing else.
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', processBeforeResponse: false });
  const app = new App({ receiver, logLevel: LogLevel.ERROR, authorize: async () => ({ botToken: 'xoxb-bench' }) });
  app.command('/incident', async ({ ack }) => {
    await ack();
  });
  const server = createServer((req, res) => receiver.requestListener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  send({ ready: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` });
}

async function warroom(signingSecret: string, apiUrl: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-ack-bench-'));
  // Production settings (pacing, outbox polling); logging off, as in the other benches.
  const app = await startWarroom(
    loadConfig({
      PORT: '0',
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: apiUrl,
    }),
  );
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  process.on('message', (q: TargetQuestion) => {
    if (q.ask === 'pending') send(app.store.outbox.countPending());
    if (q.ask === 'loop-delay') {
      send({ p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 } satisfies LoopDelay);
      delay.reset();
    }
  });
  process.on('disconnect', () => {
    void app.stop().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  send({ ready: `${app.url}/slack/events` });
}

const [role, signingSecret = '', apiUrl = ''] = process.argv.slice(2);
const started =
  role === 'fake-slack'
    ? fakeSlack()
    : role === 'empty-bolt'
      ? emptyBolt(signingSecret)
      : warroom(signingSecret, apiUrl);
started.catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
// The bench ending (or dying) ends this process too.
process.on('disconnect', () => {
  if (role !== 'warroom') process.exit(0);
  setTimeout(() => process.exit(0), 5_000).unref();
});
