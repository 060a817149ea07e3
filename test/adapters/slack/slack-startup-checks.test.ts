import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startWarroom, type RunningWarroom } from '../../../src/app.js';
import { runCli } from '../../../src/cli/main.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';
import { SIGNING_SECRET } from '../../support/slack-harness.js';

const GENERIC_SECRET = 'generic-secret-0123456789abcdef';
type LogLine = { level: number; msg: string; [key: string]: unknown };
const WARN = 40;
const ERROR = 50;

let fake: FakeSlack | null = null;
let app: RunningWarroom | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await app?.stop();
  await fake?.stop();
  app = null;
  fake = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts warroom in Slack mode against the fake, with the shipped config/policy.yaml (triage_channel: triage). */
async function start(env: Record<string, string> = {}, setup: (f: FakeSlack) => void = () => undefined) {
  fake = await startFakeSlack();
  fake.seedChannel({ name: 'general', id: 'C0GENERAL', members: ['UBOT', 'U1'] });
  setup(fake);
  const dir = mkdtempSync(join(tmpdir(), 'warroom-startup-'));
  dirs.push(dir);
  const logs: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dir,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    WEBHOOK_SECRET_GENERIC: GENERIC_SECRET,
    ...env,
  });
  const starting = startWarroom(config, { logger, outboxPollMs: 50, slackPacing: { perSecond: 10, burst: 10 } });
  return { starting, logs, dbPath: config.databasePath, fake };
}

const checkLines = (logs: LogLine[]) => logs.filter((l) => l.msg.startsWith('slack check: '));

async function triageAlert(running: RunningWarroom, fingerprint: string): Promise<void> {
  const body = JSON.stringify({
    title: `Wiki search slow ${fingerprint}`,
    severity: 'low',
    service: 'internal-wiki',
    fingerprint,
  });
  const signature = `sha256=${createHmac('sha256', GENERIC_SECRET).update(body).digest('hex')}`;
  const res = await fetch(`${running.url}/webhooks/alerts/generic`, {
    method: 'POST',
    headers: { 'x-warroom-signature': signature, 'content-type': 'application/json' },
    body,
  });
  expect(res.status).toBe(202);
}

async function deadTotal(running: RunningWarroom): Promise<string[]> {
  const text = await (await fetch(`${running.url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('warroom_outbox_dead_total'));
}

describe('Slack start-up checks', () => {
  it('creates a missing triage channel configured by name, says so in the log, and triage alerts land there', async () => {
    const s = await start();
    app = await s.starting;
    const created = s.fake.okCallsTo('conversations.create');
    expect(created.map((c) => c.args.name)).toEqual(['triage']);
    const triage = s.fake.channels.find((c) => c.name === 'triage');
    expect(triage?.members).toContain('UBOT');
    expect(checkLines(s.logs).map((l) => l.msg)).toEqual([
      `slack check: created #triage (${triage?.id}) for triage: it did not exist (triage_channel in config/policy.yaml or WARROOM_TRIAGE_CHANNEL); invite your responders to it`,
    ]);
    // The configured name now reaches the created channel: the alert is posted there, not dead-lettered.
    await triageAlert(app, 'wiki-1');
    await s.fake.waitFor(() => s.fake.messages.some((m) => m.channel === triage?.id));
    expect(s.fake.callsTo('chat.postMessage').map((c) => [c.args.channel, c.ok])).toEqual([[triage?.id, true]]);
    expect(await deadTotal(app)).toEqual([]);
  });

  it('refuses to start when the triage channel id cannot be found, naming the setting and the fix', async () => {
    const s = await start({ WARROOM_TRIAGE_CHANNEL: 'C0GONE' });
    const error = await s.starting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "triage channel C0GONE (WARROOM_TRIAGE_CHANNEL): Slack has no channel with this id that the bot can see (channel_not_found): invite the bot to it (/invite @warroom) if it is private, or set WARROOM_TRIAGE_CHANNEL to a channel the bot is in (the id is under the channel's name → About) (alerts routed there would be lost; WARROOM_STRICT_START=false starts anyway)",
    ]);
    expect(checkLines(s.logs).map((l) => l.level)).toEqual([60]);
    // Nothing else was tried, and nothing listens: the server never started.
    expect(s.fake.calls.map((c) => `${c.method}:${c.error ?? 'ok'}`)).toEqual([
      'auth.test:ok',
      'conversations.info:channel_not_found',
    ]);
  });

  it('refuses to start when the bot token is refused, naming SLACK_BOT_TOKEN and where to get a good one', async () => {
    const s = await start({ SLACK_BOT_TOKEN: 'xoxb-revoked' });
    const error = await s.starting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'warroom cannot start:\n  - SLACK_BOT_TOKEN was refused by Slack (auth.test: invalid_auth): set it to the "Bot User OAuth Token" (xoxb-…) from your Slack app\'s OAuth & Permissions page (reinstall the app to the workspace if the token was revoked), then restart',
    );
    expect(s.fake.calls.map((c) => `${c.method}:${c.error ?? 'ok'}`)).toEqual(['auth.test:invalid_auth']);
  });

  it('starts while Slack is unreachable, with a warning: the outbox keeps deliveries until it answers', async () => {
    const s = await start({}, (f) => f.setDown(true));
    app = await s.starting;
    expect(checkLines(s.logs)).toEqual([
      expect.objectContaining({
        level: WARN,
        msg: expect.stringMatching(
          /^slack check: could not reach Slack to check the workspace \(auth\.test: .*\); starting anyway/,
        ),
      }),
    ]);
  });

  it('joins public channels it is not in and warns, one line each, about announcement and digest channels it cannot use', async () => {
    const policyDir = mkdtempSync(join(tmpdir(), 'warroom-policy-'));
    dirs.push(policyDir);
    const policy = join(policyDir, 'policy.yaml');
    writeFileSync(
      policy,
      readFileSync('config/policy.yaml', 'utf8').replace(
        'weekly_digest: { channel: null',
        'weekly_digest: { channel: weekly-digest',
      ),
    );
    const s = await start(
      { WARROOM_ANNOUNCE_CHANNEL: 'C0ANNOUNCE', WARROOM_TRIAGE_CHANNEL: '#alerts-triage', WARROOM_POLICY: policy },
      (f) => {
        f.seedChannel({ name: 'alerts-triage', id: 'C0ALERTS', members: ['U1'] });
        f.seedChannel({ name: 'announce', id: 'C0ANNOUNCE', members: ['UBOT'], is_archived: true });
      },
    );
    app = await s.starting;
    expect(checkLines(s.logs).map((l) => [l.level, l.msg])).toEqual([
      [30, 'slack check: joined #alerts-triage (C0ALERTS) so warroom can post triage there'],
      [
        WARN,
        'slack check: announcements channel C0ANNOUNCE (WARROOM_ANNOUNCE_CHANNEL): #announce is archived: unarchive it, or set WARROOM_ANNOUNCE_CHANNEL to a channel the bot is in',
      ],
      [
        WARN,
        `slack check: digest channel #weekly-digest (reminders.weekly_digest.channel in ${policy}): there is no channel called #weekly-digest: create it and invite the bot, or set reminders.weekly_digest.channel in ${policy} to a channel the bot is in`,
      ],
    ]);
    // Only the triage channel is created when missing; announcements and digest are the operator's to choose.
    expect(s.fake.callsTo('conversations.create')).toEqual([]);
    expect(s.fake.channels.find((c) => c.id === 'C0ALERTS')?.members).toContain('UBOT');
    await triageAlert(app, 'wiki-2');
    await s.fake.waitFor(() => s.fake.messages.some((m) => m.channel === 'C0ALERTS'));
  });

  it('refuses a triage channel name it can neither see nor create (a private channel the bot is not in)', async () => {
    const s = await start({}, (f) => void f.seedChannel({ name: 'triage', members: ['U1'], is_private: true }));
    const error = await s.starting.catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual([
      'triage channel #triage (triage_channel in config/policy.yaml or WARROOM_TRIAGE_CHANNEL): #triage exists but the bot cannot see it (it is private or archived, name_taken): invite the bot to it or unarchive it, or set triage_channel in config/policy.yaml or WARROOM_TRIAGE_CHANNEL to a channel the bot is in (alerts routed there would be lost; WARROOM_STRICT_START=false starts anyway)',
    ]);
    expect(s.fake.callsTo('conversations.create').map((c) => c.error)).toEqual(['name_taken']);
  });
});

describe('dead-lettered deliveries', () => {
  it('with WARROOM_STRICT_START=false: warns, counts the dead letter in /metrics, lists it, and re-drives it exactly once after the fix', async () => {
    const s = await start({ WARROOM_TRIAGE_CHANNEL: 'C0GONE', WARROOM_STRICT_START: 'false' });
    app = await s.starting;
    expect(checkLines(s.logs)).toEqual([
      expect.objectContaining({
        level: WARN,
        msg: expect.stringMatching(
          /^slack check: triage channel C0GONE \(WARROOM_TRIAGE_CHANNEL\): Slack has no channel with this id .* \(WARROOM_STRICT_START=false: starting anyway; alerts routed there are dead-lettered, see `warroom outbox list`\)$/,
        ),
      }),
    ]);

    await triageAlert(app, 'wiki-3');
    const alert = () => app?.store.alerts.latest('generic', 'wiki-3');
    const row = () => app?.store.outbox.byKey(`alert${alert()?.id}.triage`);
    await s.fake.waitFor(() => row()?.status === 'dead');
    const id = row()?.id ?? 0;
    expect(await deadTotal(app)).toEqual([
      'warroom_outbox_dead_total{method="chat.postMessage",error="channel_not_found"} 1',
    ]);
    const logged = s.logs.filter((l) => l.level === ERROR && l.outboxId === id);
    expect(logged.map((l) => l.msg)).toEqual([
      `delivery dead-lettered (chat.postMessage: channel_not_found): C0GONE (triage) does not exist or the bot cannot see it: create it and invite the bot to C0GONE or set WARROOM_TRIAGE_CHANNEL (or triage_channel in config/policy.yaml) to a channel the bot is in; then run \`npx warroom outbox retry ${id}\``,
    ]);

    const listed = runCli(['outbox', 'list', '--db', s.dbPath]);
    expect(listed.code).toBe(0);
    expect(listed.stdout?.split('\n').slice(0, 2)).toEqual([
      '1 dead-lettered delivery:',
      `#${id}  created ${row()?.createdAt}  chat.postMessage → C0GONE  error channel_not_found  attempts 1`,
    ]);

    // The operator fixes the cause (the channel exists and the bot is in it) and re-drives the delivery.
    s.fake.seedChannel({ name: 'triage', id: 'C0GONE', members: ['UBOT'] });
    expect(runCli(['outbox', 'retry', String(id), '--db', s.dbPath])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^Re-queued #${id} with its original idempotency key`)),
    });
    await s.fake.waitFor(() => row()?.status === 'sent');
    const posts = s.fake.callsTo('chat.postMessage').map((c) => `${String(c.args.channel)}:${c.error ?? 'ok'}`);
    expect(posts).toEqual(['C0GONE:channel_not_found', 'C0GONE:ok']);
    expect(s.fake.messages.filter((m) => m.channel === 'C0GONE')).toHaveLength(1);
    expect(alert()).toMatchObject({ triageChannelId: 'C0GONE' });
    expect(runCli(['outbox', 'list', '--db', s.dbPath])).toEqual({ code: 0, stdout: 'No dead-lettered deliveries.' });
    // A second retry finds nothing dead: the row keeps its key and is never sent again.
    expect(runCli(['outbox', 'retry', String(id), '--db', s.dbPath])).toMatchObject({
      code: 1,
      stderr: `No dead delivery #${id}. See \`warroom outbox list\`.`,
    });
    // A counter: re-driving does not take the dead letter back.
    expect(await deadTotal(app)).toEqual([
      'warroom_outbox_dead_total{method="chat.postMessage",error="channel_not_found"} 1',
    ]);
  });

  it('dead-letters a post to a private triage channel the bot was removed from (not retried forever), and delivers it once invited back', async () => {
    const s = await start(
      { WARROOM_TRIAGE_CHANNEL: 'C0PRIV' },
      (f) => void f.seedChannel({ name: 'sec-triage', id: 'C0PRIV', members: ['UBOT', 'U1'], is_private: true }),
    );
    app = await s.starting;
    expect(checkLines(s.logs)).toEqual([]);
    const channel = s.fake.channels.find((c) => c.id === 'C0PRIV');
    if (channel) channel.members = ['U1']; // someone removed the bot
    await triageAlert(app, 'wiki-5');
    const row = () => app?.store.outbox.byKey(`alert${app.store.alerts.latest('generic', 'wiki-5')?.id}.triage`);
    await s.fake.waitFor(() => row()?.status === 'dead');
    const id = row()?.id ?? 0;
    expect(s.fake.calls.slice(-2).map((c) => `${c.method}:${c.error ?? 'ok'}`)).toEqual([
      'chat.postMessage:not_in_channel',
      'conversations.join:method_not_supported_for_channel_type',
    ]);
    expect(await deadTotal(app)).toEqual([
      'warroom_outbox_dead_total{method="conversations.join",error="method_not_supported_for_channel_type"} 1',
    ]);
    expect(s.logs.filter((l) => l.outboxId === id && l.level === ERROR).map((l) => l.fix)).toEqual([
      `the bot is not a member of C0PRIV: invite it (/invite @warroom in C0PRIV) or set WARROOM_TRIAGE_CHANNEL (or triage_channel in config/policy.yaml) to a channel the bot is in; then run \`npx warroom outbox retry ${id}\``,
    ]);
    channel?.members.push('UBOT');
    expect(runCli(['outbox', 'retry', '--all', '--db', s.dbPath]).code).toBe(0);
    await s.fake.waitFor(() => row()?.status === 'sent');
    expect(s.fake.okCallsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['C0PRIV']);
  });

  it('discards a dead delivery: gone from the list, recorded, still counted (and the count survives a restart)', async () => {
    const s = await start({}, (f) => void f.seedChannel({ name: 'triage', id: 'C0TRIAGE', members: ['UBOT'] }));
    app = await s.starting;
    const triage = s.fake.channels.find((c) => c.id === 'C0TRIAGE');
    if (triage) triage.is_archived = true; // archived after start-up: the bot can no longer post there
    await triageAlert(app, 'wiki-4');
    const row = () => app?.store.outbox.byKey(`alert${app.store.alerts.latest('generic', 'wiki-4')?.id}.triage`);
    await s.fake.waitFor(() => row()?.status === 'dead');
    const id = row()?.id ?? 0;
    expect(runCli(['outbox', 'list', '--db', s.dbPath]).stdout).toContain(`#${id}  created`);
    expect(runCli(['outbox', 'list', '--db', s.dbPath]).stdout).toContain(
      'chat.postMessage → #triage  error is_archived  attempts 1\n    fix: #triage is archived: unarchive it or set WARROOM_TRIAGE_CHANNEL',
    );

    const discarded = runCli(['outbox', 'discard', String(id), '--as', 'alice', '--db', s.dbPath]);
    expect(discarded).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^Discarded #${id} \\(recorded as discarded by alice@`)),
    });
    expect(runCli(['outbox', 'list', '--db', s.dbPath])).toEqual({ code: 0, stdout: 'No dead-lettered deliveries.' });
    expect(row()?.status).toBe('discarded');
    const record = app.database.sqlite
      .prepare('select method, error, resolution, resolved_by from outbox_dead_letters where outbox_id = ?')
      .get(id);
    expect(record).toMatchObject({
      method: 'chat.postMessage',
      error: 'is_archived',
      resolution: 'discarded',
      resolved_by: expect.stringMatching(/^alice@/),
    });

    // Restart: the counter is read from the table, so it is still 1.
    await app.stop();
    app = null;
    if (triage) triage.is_archived = false;
    app = await startWarroom(
      loadConfig({
        PORT: '0',
        DATABASE_PATH: s.dbPath,
        DATA_DIR: join(s.dbPath, '..'),
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: s.fake.apiUrl,
      }),
      { outboxPollMs: 50 },
    );
    expect(await deadTotal(app)).toEqual([
      'warroom_outbox_dead_total{method="chat.postMessage",error="is_archived"} 1',
    ]);
    expect(s.fake.callsTo('chat.postMessage').filter((c) => c.ok)).toEqual([]);
  });
});
