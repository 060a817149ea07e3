// Durable before 202 (issue 12), with the group commit: warroom as a real process takes a burst from 16 senders and
// is killed with SIGKILL while requests are in flight. Every webhook it answered 202 is on disk; after a restart
// each of them becomes exactly one alert.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startWarroom, type RunningWarroom } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { seedSlackWorkspace, slackHarnessEnv } from '../support/slack-harness.js';
import { startWarroomProcess, type WarroomProcess } from '../support/warroom-process.js';

const SECRET = 'crash-test-webhook-secret';
const SENDERS = 16;

let fake: FakeSlack | undefined;
let dataDir = '';
const running: WarroomProcess[] = [];
const restarted: RunningWarroom[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill();
  for (const a of restarted.splice(0)) await a.stop();
  await fake?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  fake = undefined;
  dataDir = '';
});

/** POSTs a signed generic webhook; resolves with the inbox id of a 202, or null for any other answer. */
function post(base: string, agent: Agent, body: string): Promise<number | null> {
  const headers = {
    'content-type': 'application/json',
    'x-warroom-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
  };
  return new Promise((resolve, reject) => {
    const req = request(`${base}/webhooks/alerts/generic`, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(
          res.statusCode === 202 ? (JSON.parse(Buffer.concat(chunks).toString()) as { inboxId: number }).inboxId : null,
        ),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const waitFor = async (what: string, check: () => boolean, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('webhooks under kill -9', () => {
  it('every webhook answered 202 before the kill is on disk, and becomes exactly one alert after a restart', async () => {
    fake = await startFakeSlack();
    seedSlackWorkspace(fake);
    dataDir = mkdtempSync(join(tmpdir(), 'warroom-inbox-crash-'));
    const env = slackHarnessEnv({ fake, dataDir, env: { LOG_LEVEL: 'info', WEBHOOK_SECRET_GENERIC: SECRET } });
    const first = await startWarroomProcess(env);
    running.push(first);
    const base = first.eventsUrl.replace(/\/slack\/events$/, '');

    // Each sender posts its next webhook as soon as it has an answer, until the connection dies with the process.
    const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
    const accepted = new Map<number, string>();
    let cut = 0;
    let n = 0;
    const senders = Array.from({ length: SENDERS }, async () => {
      for (;;) {
        const fingerprint = `crash-${n++}`;
        const body = JSON.stringify({
          title: `Disk full ${fingerprint}`,
          severity: 'low',
          service: 'wiki',
          fingerprint,
        });
        try {
          const id = await post(base, agent, body);
          if (id !== null) accepted.set(id, fingerprint);
        } catch {
          cut += 1;
          return;
        }
      }
    });
    await waitFor('200 webhooks accepted', () => accepted.size >= 200);
    await first.kill();
    await Promise.all(senders);
    agent.destroy();
    // The kill met requests in flight (each sender always has one): those senders saw their connection cut.
    expect(cut).toBe(SENDERS);

    const db = new Database(join(dataDir, 'warroom.db'), { readonly: true });
    const rows = db.prepare('select id, body from alert_inbox').all() as Array<{ id: number; body: string }>;
    db.close();
    const onDisk = new Map(rows.map((r) => [r.id, (JSON.parse(r.body) as { fingerprint: string }).fingerprint]));
    for (const [id, fingerprint] of accepted) expect(onDisk.get(id), `inbox ${id}`).toBe(fingerprint);

    // Restarted (in this process: only the crash needed a real one), warroom processes what it had accepted: one
    // alert per webhook, none twice.
    const second = await startWarroom(loadConfig(env));
    restarted.push(second);
    await second.alertProcessor.idle(30_000);
    expect(second.store.inbox.pending(1)).toEqual([]);
    for (const fingerprint of onDisk.values())
      expect(second.store.alerts.latest('generic', fingerprint)?.receivedCount, fingerprint).toBe(1);
    const check = new Database(join(dataDir, 'warroom.db'), { readonly: true });
    const { n: alertRows } = check.prepare('select count(*) as n from alerts').get() as { n: number };
    check.close();
    expect(alertRows).toBe(onDisk.size);
  }, 90_000);
});
