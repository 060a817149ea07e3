import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import type { FakeBotFramework } from '../../fakes/fake-bot-framework.js';
import type { Json, TeamsClient } from '../../support/teams-invoke.js';
import {
  ROUTE_APP_ID as APP_ID,
  ROUTE_TENANT as TENANT,
  startTeamsRoute,
  type TeamsRoute,
} from '../../support/teams-route.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const CAROL = { id: '29:1carol', name: 'Carol Medina', aadObjectId: 'aad-carol' };
const OPS = { channelId: '19:ops@thread.tacv2', conversationId: '19:ops@thread.tacv2;messageid=1732500000000' };

let route: TeamsRoute;
let fake: FakeBotFramework;
let client: TeamsClient;
let t: TestStore;

beforeEach(async () => {
  t = openTestStore();
  route = await startTeamsRoute(t, { settings: { ...t.ctx().settings, platform: 'teams' }, people: [CAROL] });
  fake = route.bot;
  client = route.client;
});
afterEach(async () => {
  await route.stop();
  t.close();
});

/** A channel message from Carol that @mentions the bot, as Teams delivers it. */
const message = (text: string, over: Json = {}) => client.message(CAROL, text, OPS, over);
const post = (body: unknown, token?: string | null) => client.post(body, token);
const goodToken = () => fake.sign({ aud: APP_ID, serviceurl: fake.serviceUrl });

describe('Teams: POST /api/messages', () => {
  it('answers a signed message through the Bot Connector with a token from Entra (list of open incidents)', async () => {
    declareIncident({ ctx: t.ctx('alice'), input: { title: 'Checkout returns 500s', severity: 'sev2' } });
    const res = await post(message('list'), goodToken());
    expect(res.status).toBe(200);
    expect(fake.connectorCalls).toHaveLength(1);
    const [reply] = fake.connectorCalls;
    expect(reply?.method).toBe('POST');
    expect(reply?.path).toMatch(
      /^\/v3\/conversations\/19%3Aops%40thread\.tacv2%3Bmessageid%3D1732500000000\/activities\/17330000\d{5}$/,
    );
    expect(reply?.authorization).toBe('Bearer fake-access-token-1');
    expect(reply?.body).toMatchObject({
      type: 'message',
      textFormat: 'markdown',
      text: expect.stringContaining('INC-0001'),
    });
    expect(fake.tokenRequests).toEqual([
      { clientId: APP_ID, scope: 'https://api.botframework.com/.default', tenant: TENANT },
    ]);
  });

  it('runs a redelivered activity once', async () => {
    const activity = message('help');
    expect((await post(activity, goodToken())).status).toBe(200);
    expect((await post(activity, goodToken())).status).toBe(200);
    expect(fake.connectorCalls).toHaveLength(1);
  });

  it('declares from a channel with the shared grammar, answers in the thread, and learns who typed it', async () => {
    expect((await post(message('declare Checkout down sev1'), goodToken())).status).toBe(200);
    const [incident] = t.store.incidents.listAll();
    expect(incident).toMatchObject({
      title: 'Checkout down',
      severity: 'sev1',
      declaredBy: 'aad-carol',
      platform: 'teams',
    });
    expect(fake.connectorCalls).toHaveLength(1);
    expect(fake.connectorCalls[0]?.path).toMatch(
      /^\/v3\/conversations\/19%3Aops%40thread\.tacv2%3Bmessageid%3D1732500000000\/activities\//,
    );
    expect(fake.connectorCalls[0]?.body.text).toContain('INC-0001');
    expect(t.store.people.platformId('aad-carol')).toBe('29:1carol');
    expect(t.store.people.name('aad-carol')).toBe('Carol Medina');
  });

  it("sends a refusal to the person's chat with the bot, not the channel (Teams has no ephemeral replies)", async () => {
    expect((await post(message('ack'), goodToken())).status).toBe(200);
    // Opens Carol's personal chat by her 29: id (learned from this very activity), then says it there.
    const [open, said] = fake.connectorCalls;
    expect(open).toMatchObject({
      method: 'POST',
      path: '/v3/conversations',
      body: { isGroup: false, members: [{ id: '29:1carol' }], tenantId: TENANT },
    });
    expect(said?.path).toMatch(/^\/v3\/conversations\/a%3Apersonal-chat-\d+\/activities$/);
    expect(said?.body.text).toMatch(/only works in an incident channel/);
    expect(fake.connectorCalls).toHaveLength(2);
  });

  it('refuses every bad token with 401 and a fixed body, never running the turn', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad: Array<[string, string | null]> = [
      ['no Authorization header', null],
      [
        'signed by a key the metadata does not list',
        fake.sign({ aud: APP_ID, serviceurl: fake.serviceUrl }, { kid: 'unknown-key' }),
      ],
      [
        'a forged signature on the published key id',
        fake.sign({ aud: APP_ID, serviceurl: fake.serviceUrl }, { key: fake.strangerKey }),
      ],
      ['for another bot', fake.sign({ aud: 'another-app-id', serviceurl: fake.serviceUrl })],
      ['from another issuer', fake.sign({ aud: APP_ID, serviceurl: fake.serviceUrl, iss: 'https://evil.example.com' })],
      [
        'expired beyond the 5-minute skew',
        fake.sign({ aud: APP_ID, serviceurl: fake.serviceUrl, nbf: now - 7200, exp: now - 600 }),
      ],
      [
        'for another service URL than the activity names',
        fake.sign({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/emea/' }),
      ],
    ];
    for (const [why, token] of bad) {
      const res = await post(message('list'), token);
      expect({ why, ...res }).toEqual({ why, status: 401, body: { ok: false, error: 'Unauthorized.' } });
    }
    expect(fake.connectorCalls).toEqual([]);
  });

  it('refuses a key not endorsed for the channel the activity claims (a webchat key cannot speak for Teams)', async () => {
    const res = await post(message('list', { channelId: 'webchat' }), goodToken());
    expect(res).toEqual({ status: 401, body: { ok: false, error: 'Unauthorized.' } });
  });

  it('refuses another tenant with 403 even with a valid token, and a body that is not an activity with 400', async () => {
    const other = message('list', {
      channelData: { tenant: { id: 'another-tenant' } },
      conversation: { id: '19:x@thread.tacv2', tenantId: 'another-tenant' },
    });
    expect(await post(other, goodToken())).toEqual({
      status: 403,
      body: { ok: false, error: 'This bot serves one Microsoft 365 tenant.' },
    });
    expect((await post({ hello: 'world' }, goodToken())).status).toBe(400);
    expect(fake.connectorCalls).toEqual([]);
  });
});
