// Tests of the fake Graph server itself, over plain fetch, so its rules are known to be Teams' (and to refuse what
// Teams refuses) independently of the client that the other tests drive through it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH_SCOPE, startFakeGraph, type FakeGraph } from './fake-graph.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const APP = '00000000-0000-4000-8000-00000000a11d';
const TEAM = '22222222-2222-4222-8222-222222222222';
let fake: FakeGraph;

beforeEach(async () => {
  fake = await startFakeGraph({
    tenantId: TENANT,
    clientId: APP,
    clientSecret: 's3cret',
    teams: [TEAM],
    channelCap: 4,
  });
});
afterEach(() => fake.stop());

async function tokenFor(o: { tenant?: string; secret?: string; scope?: string } = {}) {
  const res = await fetch(`${fake.loginUrl}/${o.tenant ?? TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: APP,
      client_secret: o.secret ?? 's3cret',
      scope: o.scope ?? GRAPH_SCOPE,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
async function create(token: string, displayName: string) {
  const res = await fetch(`${fake.graphUrl}/teams/${TEAM}/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName, description: 'd', membershipType: 'standard' }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      error?: { code: string; message: string; innerError: Record<string, string> };
      id?: string;
    },
  };
}

describe('fake Graph', () => {
  it("issues client-credentials tokens for its one tenant and app only, and Graph takes only Graph's", async () => {
    expect(await tokenFor({ tenant: '99999999-9999-4999-8999-999999999999' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await tokenFor({ secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await tokenFor({ scope: 'https://graph.microsoft.com/Channel.Create' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope' },
    });
    const botToken = await tokenFor({ scope: 'https://api.botframework.com/.default' });
    expect((await create(String(botToken.body.access_token), 'x')).body.error?.code).toBe('InvalidAuthenticationToken');
    const graphToken = await tokenFor();
    expect(graphToken).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3599 } });
    expect((await create(String(graphToken.body.access_token), 'inc-0001-a')).status).toBe(201);
    expect((await create('', 'x')).status).toBe(401);
  });

  it("refuses names Teams refuses, with Graph's error shape", async () => {
    const token = String((await tokenFor()).body.access_token);
    for (const bad of ['a#b', 'a/b', "it's", 'a..b', '_x', '.x', 'x.', 'CON', 'tab\tname', 'x'.repeat(51)]) {
      const res = await create(token, bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error, bad).toMatchObject({
        code: 'BadRequest',
        innerError: { 'request-id': expect.any(String), date: expect.any(String) },
      });
    }
    expect((await create(token, 'x'.repeat(50))).status).toBe(201);
  });

  it('keeps a name taken after the channel is deleted, counts deleted ones toward the cap, and answers 429 as documented', async () => {
    const token = String((await tokenFor()).body.access_token);
    const first = await create(token, 'inc-0001-a');
    expect((await create(token, 'INC-0001-A')).body.error).toMatchObject({
      code: 'BadRequest',
      message: 'Channel name already existed, please use other name',
    });
    fake.deleteChannel(TEAM, String(first.body.id));
    expect((await create(token, 'inc-0001-a')).status).toBe(400);
    await create(token, 'inc-0002-b');
    await create(token, 'inc-0003-c');
    // General + three, one of them deleted: the cap of 4 is reached.
    expect(await create(token, 'inc-0004-d')).toMatchObject({
      status: 403,
      body: { error: { code: 'Forbidden', message: 'This team has exceeded the Max allowed channels' } },
    });
    fake.failNext('create', 429, { retryAfter: 10 });
    const res = await fetch(`${fake.graphUrl}/teams/${TEAM}/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await res.json()).toMatchObject({
      error: {
        code: 'TooManyRequests',
        message: 'Please retry again later.',
        innerError: { code: '429', status: '429' },
      },
    });
    const list = await fetch(
      `${fake.graphUrl}/teams/${TEAM}/channels?$filter=${encodeURIComponent("displayName eq 'inc-0002-b'")}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(((await list.json()) as { value: Array<{ displayName: string }> }).value.map((c) => c.displayName)).toEqual([
      'inc-0002-b',
    ]);
  });

  it('answers 403 without consent and 404 for an unknown team', async () => {
    const token = String((await tokenFor()).body.access_token);
    fake.revoke(TEAM, 'Channel.Create.Group');
    expect((await create(token, 'inc-0001-a')).body.error).toMatchObject({
      code: 'Forbidden',
      message: expect.stringContaining('Missing role permissions'),
    });
    const unknown = await fetch(`${fake.graphUrl}/teams/nope/channels`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(unknown.status).toBe(404);
  });
});
