import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import type { AdapterDeps } from '../../../src/adapters/adapter-deps.js';
import type { TeamsConfig } from '../../../src/config.js';
import { startTeams } from '../../../src/start-teams.js';
import { createRouter } from '../../../src/http/router.js';
import { startFakeBotFramework, type FakeBotFramework } from '../../fakes/fake-bot-framework.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const APP_ID = '00000000-0000-4000-8000-00000000a11d';
const TENANT = '11111111-1111-4111-8111-111111111111';
const SECRET = 'fake-client-secret';

let fake: FakeBotFramework;
let t: TestStore;
let server: Server;
let url: string;

beforeEach(async () => {
  fake = await startFakeBotFramework({ appId: APP_ID, clientSecret: SECRET });
  t = openTestStore();
  const config: TeamsConfig = {
    appId: APP_ID,
    clientSecret: SECRET,
    tenantId: TENANT,
    incidentTeamId: null,
    fallbackChannelId: '19:fallback@thread.tacv2',
    botName: 'warroom',
    serviceUrl: fake.serviceUrl,
    openIdMetadataUrl: fake.openIdMetadataUrl,
    emulatorOpenIdMetadataUrl: fake.openIdMetadataUrl,
    loginUrl: fake.loginUrl,
    graphUrl: 'http://127.0.0.1:9/graph',
  };
  const logger = pino({ level: 'silent' });
  // The turn here runs no verb that queues deliveries; the dispatcher is the app's, absent from this slice.
  const deps: AdapterDeps = {
    store: t.store,
    settings: t.ctx().settings,
    logger,
    now: t.clock.now,
    dispatcher: { kick: () => undefined, waitFor: async () => null, stop: async () => undefined },
    actions: { kick: () => undefined },
  };
  const deps2: AdapterDeps = { ...deps, settings: { ...deps.settings, platform: 'teams' } };
  server = createServer(createRouter([startTeams(config, { deps: deps2, db: t.database.db }).route], logger));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.stop();
  t.close();
});

let ids = 0;
/** A channel message from Carol that @mentions the bot, as Teams delivers it. */
function message(text: string, over: Record<string, unknown> = {}) {
  ids += 1;
  return {
    type: 'message',
    id: `1732500000${ids}`,
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: '29:1carol', name: 'Carol Medina', aadObjectId: 'aad-carol' },
    recipient: { id: `28:${APP_ID}`, name: 'warroom' },
    conversation: {
      id: '19:ops@thread.tacv2;messageid=1732500000000',
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT,
    },
    channelData: {
      tenant: { id: TENANT },
      channel: { id: '19:ops@thread.tacv2' },
      team: { id: '19:team@thread.tacv2' },
    },
    text: `<at>warroom</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>warroom</at>', mentioned: { id: `28:${APP_ID}`, name: 'warroom' } }],
    ...over,
  };
}

const post = async (body: unknown, token?: string) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
};
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
      /^\/v3\/conversations\/19%3Aops%40thread\.tacv2%3Bmessageid%3D1732500000000\/activities\/1732500000\d+$/,
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
    expect(said?.path).toMatch(/^\/v3\/conversations\/a%3Apersonal-chat%3Bmessageid%3D\d+\/activities$/);
    expect(said?.body.text).toMatch(/only works in an incident channel/);
    expect(fake.connectorCalls).toHaveLength(2);
  });

  it('refuses every bad token with 401 and a fixed body, never running the turn', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad: Array<[string, string | undefined]> = [
      ['no Authorization header', undefined],
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
      expect({ why, status: res.status, body: res.text }).toEqual({
        why,
        status: 401,
        body: '{"ok":false,"error":"Unauthorized."}',
      });
    }
    expect(fake.connectorCalls).toEqual([]);
  });

  it('refuses a key not endorsed for the channel the activity claims (a webchat key cannot speak for Teams)', async () => {
    const res = await post(message('list', { channelId: 'webchat' }), goodToken());
    expect(res).toEqual({ status: 401, text: '{"ok":false,"error":"Unauthorized."}' });
  });

  it('refuses another tenant with 403 even with a valid token, and a body that is not an activity with 400', async () => {
    const other = message('list', {
      channelData: { tenant: { id: 'another-tenant' } },
      conversation: { id: '19:x@thread.tacv2', tenantId: 'another-tenant' },
    });
    expect(await post(other, goodToken())).toEqual({
      status: 403,
      text: '{"ok":false,"error":"This bot serves one Microsoft 365 tenant."}',
    });
    expect((await post({ hello: 'world' }, goodToken())).status).toBe(400);
    expect(fake.connectorCalls).toEqual([]);
  });
});
