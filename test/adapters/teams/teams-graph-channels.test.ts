import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  teamsGraphChannels,
  WARROOM_CHANNEL_MARK,
  type TeamsGraphChannels,
} from '../../../src/adapters/teams/teams-graph-channels.js';
import { teamsTokenClient } from '../../../src/adapters/teams/teams-token-client.js';
import { warRoomChannelName } from '../../../src/core/incident/war-room-channel-name.js';
import { DeliveryError } from '../../../src/core/delivery-error.js';
import { GRAPH_SCOPE, startFakeGraph, type FakeGraph } from '../../fakes/fake-graph.js';

const APP_ID = '00000000-0000-4000-8000-00000000a11d';
const SECRET = 'fake-client-secret';
const TENANT = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';
const DECLARED = new Date('2026-11-25T10:00:00Z');

let clock: number;
let fake: FakeGraph;
let graph: TeamsGraphChannels;

const client = (o: { teamId?: string; secret?: string; maxThrottleMs?: number } = {}) =>
  teamsGraphChannels({
    tokens: teamsTokenClient(
      { appId: APP_ID, clientSecret: o.secret ?? SECRET, tenantId: TENANT, loginUrl: fake.loginUrl },
      () => clock,
    ),
    graphUrl: fake.graphUrl,
    teamId: o.teamId ?? TEAM,
    now: () => clock,
    ...(o.maxThrottleMs !== undefined ? { maxThrottleMs: o.maxThrottleMs } : {}),
  });

beforeEach(async () => {
  clock = DECLARED.getTime() + 5_000;
  fake = await startFakeGraph({
    tenantId: TENANT,
    clientId: APP_ID,
    clientSecret: SECRET,
    teams: [TEAM],
    now: () => clock,
  });
  graph = client();
});
afterEach(() => fake.stop());

/** The DeliveryError a call throws. */
async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}
const creates = () => fake.calls.filter((c) => c.method === 'POST');
/** ChatPort.openRoom as the Teams port wires it (create; on a taken name, adopt our own), then the next suffix as
 * deliver-war-room.ts does, for one incident. */
async function openWarRoom(title: string, number = 42) {
  for (let n = 1; n <= 5; n += 1) {
    const opening = await graph.openRoom(warRoomChannelName(number, title, n));
    if (opening.kind !== 'name-taken') return opening;
    const adopted = await graph.findOwnRoom(opening.name, DECLARED);
    if (adopted) return { kind: 'adopted' as const, ...adopted };
    clock += 1_000; // the outbox's next attempt comes later; keeps these tests inside Graph's 4 requests/s
  }
  throw new Error('no name left');
}

describe('war-room channels through Microsoft Graph', () => {
  it('creates a standard channel in the incidents team with an app-only Graph token, asked for once', async () => {
    const opening = await graph.openRoom('inc-0042-checkout-is-down');
    expect(opening).toEqual({
      kind: 'channel',
      id: expect.stringMatching(/^19:[0-9a-f]+@thread\.tacv2$/),
      name: 'inc-0042-checkout-is-down',
    });
    await graph.openRoom('inc-0043-payments-degraded', 'INC-0043, sev2');
    expect(creates().map((c) => ({ path: c.path, body: c.body }))).toEqual([
      {
        path: `/teams/${TEAM}/channels`,
        body: {
          displayName: 'inc-0042-checkout-is-down',
          description: `${WARROOM_CHANNEL_MARK}.`,
          membershipType: 'standard',
        },
      },
      {
        path: `/teams/${TEAM}/channels`,
        body: {
          displayName: 'inc-0043-payments-degraded',
          description: `${WARROOM_CHANNEL_MARK}: INC-0043, sev2`,
          membershipType: 'standard',
        },
      },
    ]);
    expect(fake.tokenRequests).toEqual([{ tenant: TENANT, clientId: APP_ID, scope: GRAPH_SCOPE, granted: true }]);
    expect(creates().every((c) => c.authorization === 'Bearer fake-graph-token-1')).toBe(true);
    expect(fake.channels(TEAM).map((c) => c.displayName)).toEqual([
      'General',
      'inc-0042-checkout-is-down',
      'inc-0043-payments-degraded',
    ]);
  });

  it('renews the token shortly before Entra says it expires, not on every call', async () => {
    await graph.openRoom('inc-0001-a');
    clock += 3599_000 - 5 * 60_000 - 1;
    await graph.openRoom('inc-0002-b');
    expect(fake.tokenRequests).toHaveLength(1);
    clock += 1;
    await graph.openRoom('inc-0003-c');
    expect(fake.tokenRequests).toHaveLength(2);
    expect(creates().at(-1)?.authorization).toBe('Bearer fake-graph-token-2');
  });

  it('caps a long name at 50 characters and keeps the suffix, so -2 is not cut back to the taken name', async () => {
    const title = 'Checkout is down for every customer in the EU region since the deploy';
    const first = await openWarRoom(title);
    expect(first).toMatchObject({ kind: 'channel', name: 'inc-0042-checkout-is-down-for-every-customer-in-th' });
    expect(first.name).toHaveLength(50);
    // Someone else's same-named channel (a person made it): not adopted, the next suffix is created instead.
    fake.addChannel(TEAM, 'inc-0043-checkout-is-down-for-every-customer-in-th');
    clock += 1_000;
    const second = await openWarRoom(title, 43);
    expect(second).toMatchObject({ kind: 'channel', name: 'inc-0043-checkout-is-down-for-every-customer-in-2' });
  });

  it('a name taken by a deleted channel is taken too: the next suffix works', async () => {
    const old = fake.addChannel(TEAM, 'inc-0042-db-down', {
      description: `${WARROOM_CHANNEL_MARK}.`,
      createdDateTime: '2026-10-01T00:00:00Z',
    });
    fake.deleteChannel(TEAM, old.id);
    expect(await openWarRoom('db down')).toMatchObject({ kind: 'channel', name: 'inc-0042-db-down-2' });
    // The deleted one is listed by nobody, so it was never a candidate to adopt.
    expect(fake.calls.map((c) => `${c.method} ${c.query.$filter ?? ''}`)).toEqual([
      'POST ',
      "GET displayName eq 'inc-0042-db-down'",
      'POST ',
    ]);
  });

  it('adopts the channel an attempt created but never heard back about, instead of opening -2', async () => {
    fake.dropNextAnswer('create');
    const lost = await failure(graph.openRoom('inc-0042-checkout-is-down'));
    expect(lost.disposition).toBe('retry');
    expect(fake.channels(TEAM)).toHaveLength(2);
    clock += 2_000;
    const adopted = await openWarRoom('Checkout is down');
    expect(adopted).toEqual({ kind: 'adopted', id: fake.channels(TEAM)[1]?.id, name: 'inc-0042-checkout-is-down' });
    expect(fake.channels(TEAM)).toHaveLength(2);
  });

  it('adopts only a channel of ours created since the incident (a minute of skew allowed)', async () => {
    fake.addChannel(TEAM, 'inc-0042-x', {
      description: `${WARROOM_CHANNEL_MARK}.`,
      createdDateTime: '2026-11-25T09:58:59Z',
    });
    expect(await graph.findOwnRoom('inc-0042-x', DECLARED)).toBeNull();
    const recent = fake.addChannel(TEAM, 'inc-0043-y', {
      description: `${WARROOM_CHANNEL_MARK}: INC-0043`,
      createdDateTime: '2026-11-25T09:59:30Z',
    });
    expect(await graph.findOwnRoom('inc-0043-y', DECLARED)).toEqual({ id: recent.id, name: 'inc-0043-y' });
    fake.addChannel(TEAM, 'inc-0044-z', { description: 'Our own notes', createdDateTime: '2026-11-25T10:00:01Z' });
    expect(await graph.findOwnRoom('inc-0044-z', DECLARED)).toBeNull();
  });

  it('follows @odata.nextLink pages to find the channel', async () => {
    await fake.stop();
    fake = await startFakeGraph({
      tenantId: TENANT,
      clientId: APP_ID,
      clientSecret: SECRET,
      teams: [TEAM],
      now: () => clock,
      pageSize: 1,
    });
    graph = client();
    fake.addChannel(TEAM, 'inc-0042-x', { description: 'Not ours' });
    const ours = fake.addChannel(TEAM, 'INC-0042-X', { description: `${WARROOM_CHANNEL_MARK}.` });
    expect(await graph.findOwnRoom('inc-0042-x', DECLARED)).toEqual({ id: ours.id, name: 'INC-0042-X' });
    expect(fake.calls.map((c) => c.query.$skiptoken ?? 'first')).toEqual(['first', '1']);
  });

  it('falls back to a thread when the team never consented to Channel.Create.Group (403)', async () => {
    fake.revoke(TEAM, 'Channel.Create.Group');
    expect(await openWarRoom('db down')).toEqual({
      kind: 'fallback',
      reason: 'consent',
      name: 'inc-0042-db-down',
      detail: expect.stringContaining('Channel.Create.Group'),
    });
    expect(creates()).toHaveLength(1);
  });

  it("falls back to a thread at Teams' channel limit, deleted channels counting", async () => {
    await fake.stop();
    fake = await startFakeGraph({
      tenantId: TENANT,
      clientId: APP_ID,
      clientSecret: SECRET,
      teams: [TEAM],
      now: () => clock,
      channelCap: 3,
    });
    graph = client();
    expect(await graph.openRoom('inc-0001-a')).toMatchObject({ kind: 'channel' });
    fake.deleteChannel(TEAM, fake.addChannel(TEAM, 'inc-0000-old').id);
    expect(await graph.openRoom('inc-0002-b')).toEqual({
      kind: 'fallback',
      reason: 'channel-limit',
      name: 'inc-0002-b',
      detail: expect.stringContaining('1,000 channels'),
    });
    // The older answer for the same refusal.
    clock += 1_000;
    fake.failNext('create', 403, { error: { code: 'ResourceLimitExceeded', message: 'Too many channels.' } });
    expect(await graph.openRoom('inc-0003-c')).toMatchObject({ kind: 'fallback', reason: 'channel-limit' });
  });

  it('falls back when the team does not exist, or Graph refuses the name itself', async () => {
    expect(await client({ teamId: 'no-such-team' }).openRoom('inc-0001-a')).toMatchObject({
      kind: 'fallback',
      reason: 'team-not-found',
    });
    fake.failNext('create', 400, {
      error: {
        code: 'BadRequest',
        message: "Channel.DisplayName doesn't contain allowed characters, please use the valid values.",
      },
    });
    expect(await graph.openRoom('inc-0002-b')).toMatchObject({
      kind: 'fallback',
      reason: 'name-refused',
      name: 'inc-0002-b',
    });
  });

  it('reads a taken name in each shape Graph has answered it: 400 BadRequest, NameAlreadyExists, 409', async () => {
    fake.failNext('create', 400, {
      error: { code: 'NameAlreadyExists', message: 'Channel name already existed, please use other name' },
    });
    expect(await graph.openRoom('inc-0001-a')).toEqual({ kind: 'name-taken', name: 'inc-0001-a' });
    fake.failNext('create', 409, {
      error: { code: 'Conflict', message: 'Channel DisplayName already exists, please use another name.' },
    });
    expect(await graph.openRoom('inc-0001-a')).toEqual({ kind: 'name-taken', name: 'inc-0001-a' });
  });

  it('honours Retry-After on 429: the outbox is told how long, and the team is not asked again before then', async () => {
    fake.failNext('create', 429, { retryAfter: 7 });
    const throttled = await failure(graph.openRoom('inc-0042-db-down'));
    expect({ disposition: throttled.disposition, wait: throttled.retryAfterMs }).toEqual({
      disposition: 'retry',
      wait: 7_000,
    });
    clock += 3_000;
    const early = await failure(graph.openRoom('inc-0042-db-down'));
    expect({ disposition: early.disposition, wait: early.retryAfterMs }).toEqual({ disposition: 'wait', wait: 4_000 });
    expect(await failure(graph.findOwnRoom('inc-0042-db-down', DECLARED))).toMatchObject({
      disposition: 'wait',
      retryAfterMs: 4_000,
    });
    expect(creates()).toHaveLength(1);
    clock += 4_000;
    expect(await graph.openRoom('inc-0042-db-down')).toMatchObject({ kind: 'channel' });
    // An HTTP-date Retry-After is honoured too.
    fake.failNext('create', 429, { retryAfter: new Date(clock + 2_000).toUTCString() });
    expect(await failure(graph.openRoom('inc-0043-x'))).toMatchObject({ disposition: 'retry', retryAfterMs: 2_000 });
  });

  it('falls back to a thread once throttling has kept a war room waiting past the bound, and recovers after', async () => {
    graph = client({ maxThrottleMs: 25_000 });
    fake.failNext('create', 429, { retryAfter: 10, times: 3 });
    expect(await failure(graph.openRoom('inc-0042-db-down'))).toMatchObject({
      disposition: 'retry',
      retryAfterMs: 10_000,
    });
    clock += 10_000;
    expect(await failure(graph.openRoom('inc-0042-db-down'))).toMatchObject({
      disposition: 'retry',
      retryAfterMs: 10_000,
    });
    clock += 10_000;
    // 20 s into the run, Graph asks for 10 s more: past the 25 s bound, so the war room opens as a thread now.
    const third = await graph.openRoom('inc-0042-db-down');
    expect(third).toEqual({
      kind: 'fallback',
      reason: 'throttled',
      name: 'inc-0042-db-down',
      detail: expect.stringContaining('throttling'),
    });
    // Another incident meanwhile falls back at once, without asking Graph.
    expect(await graph.openRoom('inc-0043-other')).toMatchObject({ kind: 'fallback', reason: 'throttled' });
    expect(creates()).toHaveLength(3);
    // Once the last Retry-After has passed, channels open again.
    clock += 10_000;
    expect(await graph.openRoom('inc-0044-later')).toMatchObject({ kind: 'channel' });
  });

  it('retries Graph 5xx (with its Retry-After), 401 and an unreachable Entra or Graph, never the secret in the text', async () => {
    fake.failNext('create', 503, { retryAfter: 2 });
    expect(await failure(graph.openRoom('inc-0001-a'))).toMatchObject({
      disposition: 'retry',
      retryAfterMs: 2_000,
      message: 'POST /teams/…/channels: HTTP 503 ServiceNotAvailable',
    });
    fake.failNext('create', 502);
    expect(await failure(graph.openRoom('inc-0001-a'))).toMatchObject({
      disposition: 'retry',
      retryAfterMs: undefined,
    });
    fake.failNext('create', 401, {
      error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' },
    });
    expect(await failure(graph.openRoom('inc-0001-a'))).toMatchObject({ disposition: 'retry' });
    clock += 1_000;
    const badSecret = await failure(client({ secret: 'not-the-secret' }).openRoom('inc-0001-a'));
    expect(badSecret).toMatchObject({
      disposition: 'retry',
      message: expect.stringContaining('check TEAMS_APP_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID'),
    });
    expect(badSecret.message).not.toContain('not-the-secret');
    fake.failNext('list', 500);
    expect(await failure(graph.findOwnRoom('inc-0001-a', DECLARED))).toMatchObject({ disposition: 'retry' });
    await fake.stop();
    clock += 1_000;
    expect(await failure(graph.openRoom('inc-0001-a'))).toMatchObject({ disposition: 'retry' });
    fake = await startFakeGraph({ tenantId: TENANT, clientId: APP_ID, clientSecret: SECRET, teams: [TEAM] }); // for afterEach
  });

  it('without ChannelSettings.Read.Group nothing can be adopted: the caller moves to the next suffix', async () => {
    fake.revoke(TEAM, 'ChannelSettings.Read.Group');
    fake.addChannel(TEAM, 'inc-0042-db-down', { description: `${WARROOM_CHANNEL_MARK}.` });
    expect(await openWarRoom('db down')).toMatchObject({ kind: 'channel', name: 'inc-0042-db-down-2' });
  });

  it('paces Graph to 4 requests per second per team, measured on the injected clock', async () => {
    const start = clock;
    const outcomes: Array<string | number> = [];
    for (let i = 1; i <= 6; i += 1) {
      const result = await graph.openRoom(`inc-${String(i).padStart(4, '0')}-x`).then(
        (r) => r.kind,
        (e: DeliveryError) => `${e.disposition} ${e.retryAfterMs}`,
      );
      outcomes.push(result);
      clock += 100;
    }
    expect(outcomes).toEqual(['channel', 'channel', 'channel', 'channel', 'wait 600', 'wait 500']);
    // findOwnRoom shares the team's budget.
    expect(await failure(graph.findOwnRoom('inc-0001-x', DECLARED))).toMatchObject({
      disposition: 'wait',
      retryAfterMs: 400,
    });
    clock = start + 1_000;
    expect(await graph.openRoom('inc-0005-x')).toMatchObject({ kind: 'channel' });
    const times = fake.calls.map((c) => c.at);
    expect(times).toEqual([start, start + 100, start + 200, start + 300, start + 1_000]);
    expect(Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1_000).length))).toBe(4);
  });
});
