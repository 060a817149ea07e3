import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryAfterMs, teamsConnector, type TeamsConnector } from '../../../src/adapters/teams/teams-connector.js';
import { teamsTokenClient } from '../../../src/adapters/teams/teams-token-client.js';
import { DeliveryError } from '../../../src/core/delivery-error.js';
import { startFakeBotFramework, type FakeBotFramework } from '../../fakes/fake-bot-framework.js';

const APP_ID = '00000000-0000-4000-8000-00000000a11d';
const TENANT = '11111111-1111-4111-8111-111111111111';
let fake: FakeBotFramework;
let connector: TeamsConnector;

beforeEach(async () => {
  fake = await startFakeBotFramework({ appId: APP_ID, clientSecret: 'fake-client-secret' });
  connector = teamsConnector(
    teamsTokenClient({ appId: APP_ID, clientSecret: 'fake-client-secret', tenantId: TENANT, loginUrl: fake.loginUrl }),
  );
});
afterEach(() => fake.stop());

const failure = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  const { disposition, retryAfterMs: wait, message, refusal } = error as DeliveryError;
  return { disposition, wait, message, refusal };
};
const hello = { type: 'message' as const, text: 'hello' };

describe('Teams Bot Connector client', () => {
  it('opens a thread in a channel, replies in it and edits, with one token for all', async () => {
    const thread = await connector.createConversation(fake.serviceUrl, {
      isGroup: true,
      channelData: { channel: { id: '19:incidents@thread.tacv2' } },
      activity: hello,
      tenantId: TENANT,
    });
    expect(thread).toEqual({ id: '19:incidents@thread.tacv2;messageid=1', activityId: '1' });
    const reply = await connector.send(fake.serviceUrl, thread.id, { type: 'message', text: 'second' });
    await connector.update(fake.serviceUrl, thread.id, '1', { type: 'message', text: 'header, edited' });
    expect(fake.connectorCalls.map((c) => `${c.method} ${decodeURIComponent(c.path)}`)).toEqual([
      'POST /v3/conversations',
      'POST /v3/conversations/19:incidents@thread.tacv2;messageid=1/activities',
      'PUT /v3/conversations/19:incidents@thread.tacv2;messageid=1/activities/1',
    ]);
    expect(reply).toBe('fake-activity-2');
    expect(fake.connectorCalls.every((c) => c.authorization === 'Bearer fake-access-token-1')).toBe(true);
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it('hands every refusal to the outbox: 429 and 5xx retry (after Retry-After), 413 and 403 do not', async () => {
    fake.failNext(429, { retryAfter: 2 });
    expect(await failure(connector.send(fake.serviceUrl, 'c', hello))).toEqual({
      disposition: 'retry',
      wait: 2000,
      message: 'POST /v3/conversations/…/activities: HTTP 429 Throttled',
    });
    fake.failNext(503);
    expect(await failure(connector.send(fake.serviceUrl, 'c', hello))).toMatchObject({
      disposition: 'retry',
      wait: undefined,
    });
    fake.failNext(412);
    expect(await failure(connector.send(fake.serviceUrl, 'c', hello))).toMatchObject({ disposition: 'retry' });
    fake.failNext(403);
    expect(await failure(connector.send(fake.serviceUrl, 'c', hello))).toMatchObject({ disposition: 'permanent' });
    // Over Teams' ~28 KB per post: sending it again cannot work.
    expect(
      await failure(connector.send(fake.serviceUrl, 'c', { type: 'message', text: 'x'.repeat(20_000) })),
    ).toMatchObject({ disposition: 'permanent', message: expect.stringContaining('HTTP 413') });
    // One request each: nothing retried behind the outbox's back.
    expect(fake.connectorCalls).toHaveLength(5);
  });

  it('retries when Teams or Entra cannot be reached, naming what to check and never the secret', async () => {
    const wrongSecret = teamsConnector(
      teamsTokenClient({ appId: APP_ID, clientSecret: 'not-the-secret', tenantId: TENANT, loginUrl: fake.loginUrl }),
    );
    const refused = await failure(wrongSecret.send(fake.serviceUrl, 'c', hello));
    expect(refused).toMatchObject({
      disposition: 'retry',
      message: expect.stringContaining('check TEAMS_APP_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID'),
    });
    expect(refused.message).not.toContain('not-the-secret');
    await fake.stop();
    expect(await failure(connector.send(fake.serviceUrl, 'c', hello))).toMatchObject({ disposition: 'retry' });
    fake = await startFakeBotFramework({ appId: APP_ID, clientSecret: 'fake-client-secret' }); // for afterEach
  });

  it('looks a member up by Entra object id (their name and 29: id); someone not in the team is null, not an error', async () => {
    await fake.stop();
    fake = await startFakeBotFramework({
      appId: APP_ID,
      clientSecret: 'fake-client-secret',
      members: [{ id: '29:1ana', name: 'Ana Reyes', aadObjectId: 'a0000000-0000-4000-8000-00000000a001' }],
    });
    connector = teamsConnector(
      teamsTokenClient({
        appId: APP_ID,
        clientSecret: 'fake-client-secret',
        tenantId: TENANT,
        loginUrl: fake.loginUrl,
      }),
    );
    const channel = '19:incidents@thread.tacv2';
    expect(await connector.member(fake.serviceUrl, channel, 'a0000000-0000-4000-8000-00000000a001')).toEqual({
      id: '29:1ana',
      name: 'Ana Reyes',
      aadObjectId: 'a0000000-0000-4000-8000-00000000a001',
    });
    expect(await connector.member(fake.serviceUrl, channel, 'f0000000-0000-4000-8000-00000000f001')).toBeNull();
  });

  it("names Teams' refusal for good by its Bot Framework error code and the operation that met it", async () => {
    const channel = '19:removed@thread.tacv2';
    fake.refuse(channel, 'BotNotInConversationRoster');
    expect(
      await failure(
        connector.createConversation(fake.serviceUrl, { isGroup: true, channelData: { channel: { id: channel } } }),
      ),
    ).toEqual({
      disposition: 'permanent',
      wait: undefined,
      message: 'POST /v3/conversations: HTTP 403 BotNotInConversationRoster',
      refusal: { method: 'conversations.createConversation', code: 'BotNotInConversationRoster' },
    });
    // A thread of that channel is refused the same way: it is the channel's roster the bot left.
    expect(await failure(connector.send(fake.serviceUrl, `${channel};messageid=42`, hello))).toMatchObject({
      disposition: 'permanent',
      refusal: { method: 'conversations.sendToConversation', code: 'BotNotInConversationRoster' },
    });
    fake.refuse('19:deleted@thread.tacv2', 'ConversationNotFound');
    expect(
      await failure(connector.update(fake.serviceUrl, '19:deleted@thread.tacv2;messageid=7', '7', hello)),
    ).toMatchObject({
      disposition: 'permanent',
      message: 'PUT /v3/conversations/…/activities/7: HTTP 404 ConversationNotFound',
      refusal: { method: 'conversations.updateActivity', code: 'ConversationNotFound' },
    });
    // A body without Teams' error shape still names the status; a code that is not one is not a label.
    fake.failNext(403, { code: 'not a code; DROP TABLE' });
    expect(await failure(connector.send(fake.serviceUrl, 'c', hello))).toMatchObject({
      refusal: { method: 'conversations.sendToConversation', code: 'http_403' },
    });
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 25 Nov 2026 10:00:05 GMT', Date.parse('Wed, 25 Nov 2026 10:00:00 GMT'))).toBe(5000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
