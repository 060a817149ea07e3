// Slack is acknowledged before anything touches the disk (issue 12): duplicates are caught in memory, the durable
// claim of the request follows the ack. These tests hold the database locked to show the ack does not wait for it,
// kill warroom between the ack and the claim, and redeliver the request to a restarted app and to a replica.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';
import {
  SIGNING_SECRET,
  seedSlackWorkspace,
  slackHarnessEnv,
  startSlackHarness,
  type SlackHarness,
} from '../../support/slack-harness.js';
import { postToSlack, slashCommand } from '../../support/slack-requests.js';
import { startWarroomProcess, type WarroomProcess } from '../../support/warroom-process.js';

let fake: FakeSlack | undefined;
let dataDir = '';
const started: Array<SlackHarness | WarroomProcess> = [];
afterEach(async () => {
  for (const s of started.splice(0)) await ('kill' in s ? s.kill() : s.stop());
  await fake?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  fake = undefined;
  dataDir = '';
});

/** A harness whose log lines can be waited for. */
async function instance(): Promise<{ h: SlackHarness; logged: (msg: string) => boolean }> {
  const lines: Array<{ msg: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const h = await startSlackHarness(
    {},
    { shared: { fake: fake as FakeSlack, dataDir }, logger: pino({ level: 'info' }, sink) },
  );
  started.push(h);
  return { h, logged: (msg) => lines.some((l) => l.msg === msg) };
}

const count = (db: Database.Database, table: string) =>
  (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('acknowledging Slack before the disk', () => {
  it('acks a command while the database is locked; killed before the claim, the redelivery runs it exactly once', async () => {
    fake = await startFakeSlack();
    seedSlackWorkspace(fake);
    dataDir = mkdtempSync(join(tmpdir(), 'warroom-ack-first-'));
    const first = await startWarroomProcess(slackHarnessEnv({ fake, dataDir, env: { LOG_LEVEL: 'info' } }));
    started.push(first);

    // Another writer holds the database: anything warroom wrote before acknowledging would wait here.
    const db = new Database(join(dataDir, 'warroom.db'));
    db.exec('BEGIN IMMEDIATE');
    const responseUrl = fake.responseUrl();
    const request = slashCommand({
      text: 'declare Checkout is down sev2',
      user_id: 'U1',
      user_name: 'alice.okafor',
      response_url: responseUrl,
    });
    const acked = await postToSlack(first.eventsUrl, { ...request, signingSecret: SIGNING_SECRET });
    expect(acked).toMatchObject({ status: 200, text: '' });

    // The crash: after the ack, before the durable claim (it is still waiting for the lock).
    await first.kill();
    db.exec('ROLLBACK');
    expect(count(db, 'processed_requests')).toBe(0);
    expect(count(db, 'incidents')).toBe(0);
    expect(count(db, 'people')).toBe(0);
    expect(fake.callsTo('conversations.create')).toEqual([]);
    expect(fake.responses).toEqual([]);

    // Slack's redelivery of the same request (same trigger_id) reaches warroom restarted on the same data.
    const { h } = await instance();
    const redelivered = await postToSlack(h.eventsUrl, {
      ...request,
      signingSecret: SIGNING_SECRET,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(redelivered.status).toBe(200);
    const [declared, ready] = await h.waitForReplies(responseUrl, 2);
    expect(declared).toMatch(/^Declared \*INC-0001\*/);
    expect(ready).toMatch(/^War room for INC-0001 is ready: <#C[A-Z0-9]+>/);
    await fake.waitFor(() => h.app.store.outbox.countPending() === 0);
    const rooms = fake.channels.filter((c) => c.name.startsWith('inc-'));
    expect(rooms).toHaveLength(1);
    expect(fake.messages.filter((m) => m.channel === 'C0INCIDENTS')).toHaveLength(1);
    const posted = fake.messages.length;

    // Once more, to a replica on the same database: claimed already, so acknowledged and skipped.
    const replica = await instance();
    const again = await postToSlack(replica.h.eventsUrl, { ...request, signingSecret: SIGNING_SECRET, retryNum: 2 });
    expect(again.status).toBe(200);
    await fake.waitFor(() =>
      replica.logged('Slack request claimed already (another replica, or before a restart); skipped'),
    );

    // One incident, one war room, one declared entry, two replies, and nothing posted again.
    expect(count(db, 'incidents')).toBe(1);
    expect(count(db, 'processed_requests')).toBe(1);
    expect(h.kinds(1).filter((k) => k === 'incident.declared')).toHaveLength(1);
    expect(fake.channels.filter((c) => c.name.startsWith('inc-'))).toEqual(rooms);
    expect(fake.messages).toHaveLength(posted);
    expect(fake.responses.map((r) => r.path)).toEqual([new URL(responseUrl).pathname, new URL(responseUrl).pathname]);
    expect(h.app.store.people.name('U1')).toBe('alice.okafor');
    db.close();
  }, 60_000);

  it('a claim that cannot be written is said to the person, and the retry of that request still runs', async () => {
    const h = await startSlackHarness();
    started.push(h);
    // Another writer holds the database, and warroom gives up on the lock at once (instead of after 5 s).
    h.app.database.sqlite.pragma('busy_timeout = 0');
    const db = new Database(join(h.dataDir, 'warroom.db'));
    db.exec('BEGIN IMMEDIATE');
    const trigger_id = `13345224609.${Date.now()}.abcdefabcdef`;
    const refused = await h.command('declare Search is slow', { trigger_id });
    expect(refused.status).toBe(200);
    expect(await h.waitForReplies(refused.responseUrl, 1)).toEqual([
      `Something went wrong on our side (request slack:command:${trigger_id}); nothing was changed. Try again, or give that id to whoever runs warroom.`,
    ]);
    db.exec('ROLLBACK');
    db.close();
    h.app.database.sqlite.pragma('busy_timeout = 5000');
    expect(h.app.store.incidents.byNumber(1)).toBeNull();

    // Slack's retry (the same trigger_id) is not taken for a duplicate of work that never ran.
    const retried = await h.command('declare Search is slow', { trigger_id });
    expect((await h.waitForReplies(retried.responseUrl, 1))[0]).toMatch(/^Declared \*INC-0001\*/);
    expect(h.kinds(1).filter((k) => k === 'incident.declared')).toHaveLength(1);
  });
});

describe('the people directory, after the ack', () => {
  it('knows whoever typed, clicked or submitted once their request is done, and follows a changed handle', async () => {
    const h = await startSlackHarness();
    started.push(h);
    const people = h.app.store.people;
    const typed = await h.command('declare Queue backlog sev3', { user_id: 'U7', user_name: 'grace.hopper' });
    await h.waitForReplies(typed.responseUrl, 2);
    expect(people.name('U7')).toBe('grace.hopper');

    const incidentId = String(h.app.store.incidents.byNumber(1)?.id);
    const room = h.app.store.incidents.byNumber(1)?.channelId ?? '';
    const clicked = await h.click({
      action_id: 'incident.take_lead',
      value: incidentId,
      user_id: 'U8',
      channel_id: room,
    });
    await h.waitForReplies(clicked.responseUrl, 1);
    expect(people.name('U8')).toBe('u8');

    // A modal's answer is its ack: the name it carries is recorded right after it (here a new handle for U9).
    await h.command('declare', { user_id: 'U9', user_name: 'nine', channel_id: room });
    await h.fake.waitFor(() => h.fake.views.length === 1);
    const submitted = await h.submit({
      user_id: 'U9',
      callback_id: 'incident.declare',
      private_metadata: String((h.fake.views[0]?.view as { private_metadata?: string }).private_metadata ?? ''),
      values: {
        title: { title: { type: 'plain_text_input', value: 'Payments queue stuck' } },
        severity: { severity: { type: 'static_select', selected_option: { value: 'sev2' } } },
      },
    });
    expect(submitted.status).toBe(200);
    await h.fake.waitFor(() => h.app.store.incidents.byNumber(2) !== null && people.name('U9') === 'u9');

    const renamed = await h.command('list', { user_id: 'U7', user_name: 'grace' });
    await h.waitForReplies(renamed.responseUrl, 1);
    expect(people.name('U7')).toBe('grace');
  });
});
