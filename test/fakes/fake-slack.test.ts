// Tests of the fake Slack server itself, driven through the real @slack/web-api WebClient so the fake is
// known to speak the same wire protocol (form bodies, auth header, 429 handling) as production code sees.
import { createHmac } from 'node:crypto';
import { verifySlackRequest } from '@slack/bolt';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blockAction,
  eventCallback,
  postToSlack,
  signSlackRequest,
  slashCommand,
  urlVerification,
  viewSubmission,
} from '../support/slack-requests.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';

let fake: FakeSlack;
let client: WebClient;

const makeClient = (token = 'xoxb-test'): WebClient =>
  new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

/** Awaits a WebClient call expected to fail with Slack error `code`; returns the platform error data. */
async function slackError(p: Promise<unknown>, code: string): Promise<WebAPIPlatformError['data']> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WebAPIPlatformError);
  const data = (e as WebAPIPlatformError).data;
  expect(data.error).toBe(code);
  return data;
}

const button = (action_id: string, value = 'v') => ({
  type: 'button',
  action_id,
  value,
  text: { type: 'plain_text', text: 'Go' },
});

beforeEach(async () => {
  fake = await startFakeSlack();
  client = makeClient();
});
afterEach(async () => {
  await fake.stop();
});

describe('auth', () => {
  it('rejects a wrong token and a missing token, and records both calls', async () => {
    await slackError(makeClient('xoxb-wrong').auth.test(), 'invalid_auth');
    const res = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(fake.callsTo('auth.test').map((c) => c.error)).toEqual(['invalid_auth', 'not_authed']);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true, user_id: 'UBOT', team_id: 'T1' });
  });

  it('answers unknown methods with unknown_method', async () => {
    await slackError(client.apiCall('chat.nonsense'), 'unknown_method');
  });
});

describe('conversations', () => {
  it('creates a channel with the bot as a member and parses form args', async () => {
    const res = await client.conversations.create({ name: 'inc-42-db-down', is_private: false });
    expect(res.channel).toMatchObject({ name: 'inc-42-db-down', is_private: false, is_channel: true });
    expect(fake.channels[0]?.members).toEqual(['UBOT']);
    expect(fake.okCallsTo('conversations.create')[0]?.args).toMatchObject({
      name: 'inc-42-db-down',
      is_private: 'false',
    });
  });

  it('enforces channel name rules and name_taken', async () => {
    await slackError(client.conversations.create({ name: 'Inc-42' }), 'invalid_name_specials');
    await slackError(client.conversations.create({ name: 'inc 42' }), 'invalid_name_specials');
    await slackError(client.conversations.create({ name: 'inc-4.2' }), 'invalid_name_specials');
    await slackError(client.conversations.create({ name: 'a'.repeat(81) }), 'invalid_name_maxlength');
    await slackError(client.conversations.create({ name: '' }), 'invalid_name_required');
    await expect(client.conversations.create({ name: 'a'.repeat(80) })).resolves.toMatchObject({ ok: true });
    fake.seedChannel({ name: 'inc-old', is_archived: true });
    await slackError(client.conversations.create({ name: 'inc-old' }), 'name_taken');
    expect(fake.okCallsTo('conversations.create')).toHaveLength(1);
    expect(fake.callsTo('conversations.create')).toHaveLength(7);
  });

  it('validates topic length and invites', async () => {
    const id = (await client.conversations.create({ name: 'inc-1' })).channel?.id ?? '';
    await slackError(client.conversations.setTopic({ channel: id, topic: 'x'.repeat(251) }), 'too_long');
    await client.conversations.setTopic({ channel: id, topic: 'SEV1: db down' });
    expect(fake.channels[0]?.topic).toBe('SEV1: db down');
    await slackError(client.conversations.invite({ channel: 'CNOPE', users: 'U1' }), 'channel_not_found');
    await slackError(client.conversations.invite({ channel: id, users: 'UBOT' }), 'cant_invite_self');
    await client.conversations.invite({ channel: id, users: 'U1,U2' });
    await slackError(client.conversations.invite({ channel: id, users: 'U1,U2' }), 'already_in_channel');
    await client.conversations.invite({ channel: id, users: 'U2,U3' });
    expect(fake.channels[0]?.members).toEqual(['UBOT', 'U1', 'U2', 'U3']);
    await slackError(client.conversations.info({ channel: 'CNOPE' }), 'channel_not_found');
  });

  it('answers what the start-up checks ask like Slack: info hides private channels the bot is not in, join, list, name_taken', async () => {
    const hidden = fake.seedChannel({ name: 'sec-triage', members: ['U1'], is_private: true });
    const archived = fake.seedChannel({ name: 'old-triage', is_archived: true });
    const outside = fake.seedChannel({ name: 'ops', members: ['U1'] });
    await slackError(client.conversations.info({ channel: hidden.id }), 'channel_not_found');
    expect((await client.conversations.info({ channel: archived.id })).channel).toMatchObject({
      is_archived: true,
      is_member: true,
    });
    expect((await client.conversations.info({ channel: outside.id })).channel).toMatchObject({
      name: 'ops',
      is_member: false,
      is_private: false,
    });
    await slackError(client.conversations.join({ channel: archived.id }), 'is_archived');
    await slackError(client.conversations.join({ channel: hidden.id }), 'method_not_supported_for_channel_type');
    await client.conversations.join({ channel: outside.id });
    expect((await client.conversations.info({ channel: outside.id })).channel).toMatchObject({ is_member: true });
    // Public channels only (the bot has channels:read), archived ones included unless excluded.
    const listed = await client.conversations.list({ types: 'public_channel', exclude_archived: false });
    expect(listed.channels?.map((c) => c.name)).toEqual(['old-triage', 'ops']);
    // Names are taken by private and archived channels too, though the bot sees neither in the list.
    await slackError(client.conversations.create({ name: 'sec-triage' }), 'name_taken');
    await slackError(client.conversations.create({ name: 'old-triage' }), 'name_taken');
    await slackError(makeClient('xoxb-revoked').auth.test(), 'invalid_auth');
    // Seeding a channel again (harness first, then a test with its members) adds members; another name throws.
    expect(fake.seedChannel({ name: 'ops', id: outside.id, members: ['U2'] })).toBe(outside);
    expect(outside.members).toEqual(['U1', 'UBOT', 'U2']);
    expect(() => fake.seedChannel({ name: 'other', id: outside.id })).toThrow(/already exists/);
  });

  it('conversations.history honours latest/inclusive/limit, newest first', async () => {
    const ch = fake.seedChannel({ name: 'general' });
    const a = fake.seedMessage({ channel: ch.id, text: 'first', user: 'U1', ts: '1700000000.000100' });
    const b = fake.seedMessage({ channel: ch.id, text: 'second', user: 'U2' });
    const c = (await client.chat.postMessage({ channel: ch.id, text: 'third' })).ts ?? '';
    const all = await client.conversations.history({ channel: ch.id });
    expect(all.messages?.map((m) => m.text)).toEqual(['third', 'second', 'first']);
    const one = await client.conversations.history({ channel: ch.id, latest: b.ts, inclusive: true, limit: 1 });
    expect(one.messages?.map((m) => m.ts)).toEqual([b.ts]);
    const before = await client.conversations.history({ channel: ch.id, latest: b.ts, limit: 1 });
    expect(before.messages?.map((m) => m.ts)).toEqual([a.ts]);
    const after = await client.conversations.history({ channel: ch.id, oldest: b.ts });
    expect(after.messages?.map((m) => m.ts)).toEqual([c]);
  });
});

describe('chat', () => {
  it('postMessage/update round trip with blocks parsed back to arrays', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-2' });
    const id = channel?.id ?? '';
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '*SEV1*' } },
      { type: 'actions', elements: [button('ack')] },
    ];
    const posted = await client.chat.postMessage({ channel: id, text: 'SEV1', blocks });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.okCallsTo('chat.postMessage')[0]?.args.blocks).toEqual(blocks);
    await client.chat.update({ channel: id, ts: posted.ts ?? '', text: 'SEV1 (resolved)' });
    expect(fake.messages[0]).toMatchObject({ text: 'SEV1 (resolved)', blocks, updates: 1 });
    await slackError(client.chat.update({ channel: id, ts: '1.000001', text: 'x' }), 'message_not_found');
    await slackError(client.chat.postMessage({ channel: 'CNOPE', text: 'x' }), 'channel_not_found');
    await slackError(client.chat.postMessage({ channel: id, text: '' }), 'no_text');
    await slackError(client.chat.postMessage({ channel: id, text: 'x'.repeat(40001) }), 'msg_too_long');
    const second = await client.chat.postMessage({ channel: id, text: 'again' });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));
  });

  it('records concurrent calls with their own args', async () => {
    const id = fake.seedChannel({ name: 'c' }).id;
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.chat.postMessage({ channel: id, text: `m${i}` })));
    expect(new Set(fake.calls.map((c) => c.args.text)).size).toBe(10);
    expect(new Set(fake.messages.map((m) => m.ts)).size).toBe(10);
  });

  it('DMs to a user id answer with a D conversation that chat.update must use', async () => {
    const posted = await client.chat.postMessage({ channel: 'U1', text: 'you are incident lead' });
    expect(posted.channel).toBe(fake.dmChannelId('U1'));
    await slackError(client.chat.update({ channel: 'U1', ts: posted.ts ?? '', text: 'x' }), 'channel_not_found');
    await client.chat.update({ channel: posted.channel ?? '', ts: posted.ts ?? '', text: 'updated' });
    await client.chat.postEphemeral({ channel: 'C9', user: 'U1', text: 'only you' });
    expect(fake.ephemerals).toEqual([{ channel: 'C9', user: 'U1', text: 'only you', blocks: undefined }]);
  });

  it.each([
    ['51 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' })), '/blocks'],
    ['header > 150', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], '/blocks/0/text/text'],
    [
      'duplicate action_id',
      [
        { type: 'actions', elements: [button('a')] },
        { type: 'actions', elements: [button('a')] },
      ],
      '/blocks/1/elements/0/action_id',
    ],
    [
      'button value > 2000',
      [{ type: 'actions', elements: [button('a', 'v'.repeat(2001))] }],
      '/blocks/0/elements/0/value',
    ],
    ['unknown block type', [{ type: 'table' }], '/blocks/0/type'],
    ['empty mrkdwn', [{ type: 'section', text: { type: 'mrkdwn', text: '' } }], '/blocks/0/text/text'],
    [
      'bad button style',
      [{ type: 'actions', elements: [{ ...button('a'), style: 'green' }] }],
      '/blocks/0/elements/0/style',
    ],
  ])('rejects invalid blocks: %s', async (_name, blocks, pointer) => {
    const id = fake.seedChannel({ name: 'c' }).id;
    const data = await slackError(client.chat.postMessage({ channel: id, text: 'x', blocks }), 'invalid_blocks');
    expect(data.response_metadata?.messages?.join('\n')).toContain(`[json-pointer:${pointer}`);
    expect(fake.messages).toHaveLength(0);
  });
});

describe('faults', () => {
  it('429 surfaces as a WebAPIRateLimitedError carrying retryAfter, then recovers', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const id = fake.seedChannel({ name: 'c' }).id;
    const e: unknown = await client.chat.postMessage({ channel: id, text: 'x' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WebAPIRateLimitedError);
    expect((e as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(fake.callsTo('chat.postMessage')[0]).toMatchObject({ ok: false, error: 'ratelimited' });
    await expect(client.chat.postMessage({ channel: id, text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('failNext with an error code, and with a 500, for the given number of calls', async () => {
    fake.failNext('auth.test', { error: 'team_not_found' }, 2);
    await slackError(client.auth.test(), 'team_not_found');
    await slackError(client.auth.test(), 'team_not_found');
    fake.failNext('auth.test', { status: 500 });
    const e: unknown = await client.auth.test().catch((err: unknown) => err);
    expect((e as WebAPIHTTPError).statusCode).toBe(500);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('setDown makes every call fail with HTTP 503 until brought back', async () => {
    fake.setDown(true);
    const e: unknown = await client.auth.test().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WebAPIHTTPError);
    expect((e as WebAPIHTTPError).statusCode).toBe(503);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'auth.test', ok: false, error: 'service_unavailable' });
    fake.setDown(false);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('waitFor resolves on a condition and times out listing recorded calls', async () => {
    void client.auth.test();
    await fake.waitFor(() => fake.okCallsTo('auth.test').length === 1);
    await expect(fake.waitFor(() => false, 60)).rejects.toThrow(/auth\.test/);
  });
});

describe('views', () => {
  const modal = (title = 'Declare incident') => ({
    type: 'modal' as const,
    callback_id: 'declare',
    title: { type: 'plain_text' as const, text: title },
    submit: { type: 'plain_text' as const, text: 'Declare' },
    blocks: [
      {
        type: 'input',
        block_id: 'sev',
        label: { type: 'plain_text', text: 'Severity' },
        element: { type: 'plain_text_input', action_id: 'v' },
      },
    ],
  });

  it('opens a modal once per trigger_id and validates it', async () => {
    const res = await client.views.open({ trigger_id: 't1', view: modal() });
    expect(res.view?.id).toMatch(/^V/);
    expect(fake.views[0]?.view.callback_id).toBe('declare');
    await slackError(client.views.open({ trigger_id: 't1', view: modal() }), 'expired_trigger_id');
    const data = await slackError(
      client.views.open({ trigger_id: 't2', view: modal('x'.repeat(25)) }),
      'invalid_arguments',
    );
    expect(data.response_metadata?.messages?.join()).toContain('/view/title/text');
  });
});

describe('response_url and users', () => {
  it('records respond() style posts and users.info answers for any id', async () => {
    const url = fake.responseUrl();
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi', response_type: 'ephemeral' }),
    });
    expect(await r.text()).toBe('ok');
    expect(fake.responses).toEqual([
      { path: new URL(url).pathname, body: { text: 'hi', response_type: 'ephemeral' }, status: 200 },
    ]);
    const post = (u: string, body: unknown) =>
      fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(url, { response_type: 'ephemeral' })).status).toBe(400); // no_text, like Slack
    expect((await post(`${fake.baseUrl}/response/999`, { text: 'x' })).status).toBe(404); // never issued
    fake.userNames.set('U1', 'alice');
    await expect(client.users.info({ user: 'U1' })).resolves.toMatchObject({
      user: { id: 'U1', name: 'alice', tz: 'UTC' },
    });
    await expect(client.users.info({ user: 'UZED' })).resolves.toMatchObject({ user: { name: 'uzed' } });
  });
});

describe('slack-requests', () => {
  it('signs exactly like Slack (independent HMAC) and Bolt verifies it', () => {
    const body = 'token=x&team_id=T1&command=%2Fincident&text=sev1';
    const ts = 1_700_000_000;
    const headers = signSlackRequest('secret', body, ts);
    const expected = `v0=${createHmac('sha256', 'secret').update(`v0:${ts}:${body}`).digest('hex')}`;
    expect(headers).toEqual({ 'x-slack-request-timestamp': '1700000000', 'x-slack-signature': expected });
    const verify = (b: string) =>
      verifySlackRequest({
        signingSecret: 'secret',
        body: b,
        nowMilliseconds: ts * 1000,
        headers: { 'x-slack-signature': headers['x-slack-signature'], 'x-slack-request-timestamp': ts },
      });
    expect(() => verify(body)).not.toThrow();
    expect(() => verify(`${body}x`)).toThrow(/signature mismatch/);
  });

  it('builds payloads shaped like Slack’s', () => {
    const cmd = new URLSearchParams(slashCommand({ text: 'declare db down' }).body);
    expect(cmd.get('command')).toBe('/incident');
    expect(cmd.get('text')).toBe('declare db down');
    expect(cmd.get('trigger_id')).not.toBe(new URLSearchParams(slashCommand().body).get('trigger_id'));
    const action: unknown = JSON.parse(
      new URLSearchParams(blockAction({ user_id: 'U1', channel_id: 'C1', action_id: 'ack', value: '7' }).body).get(
        'payload',
      ) ?? '',
    );
    expect(action).toMatchObject({
      type: 'block_actions',
      actions: [{ action_id: 'ack', value: '7', type: 'button' }],
      container: { channel_id: 'C1' },
    });
    const sub: unknown = JSON.parse(
      new URLSearchParams(
        viewSubmission({ user_id: 'U1', callback_id: 'declare', values: { sev: { v: { value: '1' } } } }).body,
      ).get('payload') ?? '',
    );
    expect(sub).toMatchObject({
      type: 'view_submission',
      view: { callback_id: 'declare', state: { values: { sev: { v: { value: '1' } } } } },
    });
    const ev = eventCallback({ type: 'app_mention', text: 'hi' });
    expect(JSON.parse(ev.body)).toMatchObject({
      type: 'event_callback',
      team_id: 'T1',
      event: { type: 'app_mention' },
    });
    expect(JSON.parse(eventCallback({}).body).event_id).not.toBe(JSON.parse(ev.body).event_id);
    expect(JSON.parse(urlVerification('abc').body)).toMatchObject({ type: 'url_verification', challenge: 'abc' });
  });

  it('postToSlack sends signature and retry headers', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const { createServer } = await import('node:http');
    const srv = createServer((req, res) => {
      seen.push(req.headers);
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const addr = srv.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/slack/events`;
    const { body, contentType } = urlVerification('c');
    const res = await postToSlack(url, {
      body,
      contentType,
      signingSecret: 's',
      timestamp: 42,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(res).toEqual({ status: 200, text: '{"ok":true}', json: { ok: true } });
    expect(seen[0]).toMatchObject({
      ...signSlackRequest('s', body, 42),
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    await postToSlack(url, { body, contentType });
    expect(seen[1]?.['x-slack-signature']).toBeUndefined();
    srv.closeAllConnections();
    await new Promise<void>((r) => srv.close(() => r()));
  });
});
