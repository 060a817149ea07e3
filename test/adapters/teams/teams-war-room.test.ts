import { afterEach, describe, expect, it } from 'vitest';
import {
  CAROL,
  FALLBACK_CHANNEL,
  INCIDENT_TEAM,
  startTeamsHarness,
  type TeamsHarness,
} from '../../support/teams-harness.js';

let h: TeamsHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const cardIn = (body: Record<string, unknown>) => JSON.stringify(body.attachments ?? body.activity ?? body);

describe('Teams war rooms, through the real route, teams-ai and the outbox', () => {
  it('declared in a channel: Graph creates the war-room channel, the header card is its first post, ack updates that card in place', async () => {
    h = await startTeamsHarness();
    expect(await h.say('declare Checkout down sev1')).toBe(200);
    const [incident] = h.app.store.incidents.listAll();
    expect(incident).toMatchObject({
      title: 'Checkout down',
      severity: 'sev1',
      declaredBy: CAROL.aadObjectId,
      platform: 'teams',
    });

    // The channel exists in the incidents team under Teams' name rules, with warroom's mark in its description.
    await h.waitForCall((c) => c.path === '/v3/conversations' && cardIn(c.body).includes('INC-0001'));
    const channel = h.graph.channels(INCIDENT_TEAM).find((c) => c.displayName.startsWith('inc-0001'));
    expect(channel).toMatchObject({ displayName: 'inc-0001-checkout-down', membershipType: 'standard' });
    expect(channel?.description).toMatch(/^Incident war room opened by warroom/);
    const room = await h.until(() => h?.app.store.incidents.byNumber(1)?.channelId);
    expect(room).toBe(channel?.id);

    // The header is a card posted as a new post in that channel, and its id is remembered for edits.
    const header = h.bot.connectorCalls.find(
      (c) =>
        c.path === '/v3/conversations' &&
        (c.body.channelData as { channel?: { id?: string } }).channel?.id === channel?.id,
    );
    expect(header?.body.activity).toMatchObject({
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5' } },
      ],
    });

    // `@warroom ack` typed in the war room (any thread of its channel) acknowledges; the header card is edited, not re-posted.
    const before = h.bot.connectorCalls.length;
    expect(
      await h.say('ack', { channelId: channel?.id ?? '', conversationId: `${channel?.id};messageid=1733000009999` }),
    ).toBe(200);
    expect(h.app.store.incidents.byNumber(1)?.acknowledgedAt).not.toBeNull();
    const edit = await h.waitForCall(
      (c) => c.method === 'PUT' && c.path.includes(encodeURIComponent(channel?.id ?? '')),
    );
    expect(cardIn(edit.body)).toContain('INC-0001');
    expect(
      h.bot.connectorCalls
        .slice(before)
        .filter(
          (c) =>
            c.path === '/v3/conversations' &&
            cardIn(c.body).includes('"version":"1.5"') &&
            cardIn(c.body).includes('Acknowledge'),
        ),
    ).toEqual([]);
  });

  it('when the team owner has not granted channel creation, the war room is a thread in the fallback channel that says why', async () => {
    h = await startTeamsHarness();
    h.graph.revoke(INCIDENT_TEAM, 'Channel.Create.Group');
    expect(await h.say('declare Payments slow sev2')).toBe(200);
    const root = await h.waitForCall(
      (c) =>
        c.path === '/v3/conversations' &&
        (c.body.channelData as { channel?: { id?: string } }).channel?.id === FALLBACK_CHANNEL,
    );
    expect(JSON.stringify(root.body.activity)).toMatch(/Teams would not create a channel for this war room/);
    const incident = await h.until(() =>
      h?.app.store.incidents.byNumber(1)?.channelId ? h.app.store.incidents.byNumber(1) : null,
    );
    expect(incident.channelId).toMatch(/^19:fallback@thread\.tacv2;messageid=\d+$/);
    // Everything else for the incident is a reply in that thread.
    const reply = await h.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/v3/conversations/${encodeURIComponent(incident.channelId ?? '')}/activities`,
    );
    expect(cardIn(reply.body)).toContain('INC-0001');
    expect(h.graph.channels(INCIDENT_TEAM).filter((c) => c.displayName.startsWith('inc-'))).toEqual([]);
  });

  it('without an incidents team every war room is a thread, and typed commands in the thread find their incident', async () => {
    h = await startTeamsHarness({}, { teamId: null });
    expect(await h.say('declare Search down sev3')).toBe(200);
    const incident = h.app.store.incidents.byNumber(1);
    await h.waitForCall(
      (c) =>
        c.path === '/v3/conversations' && JSON.stringify(c.body.activity).includes('No incidents team is configured'),
    );
    const thread = await h.until(() => h?.app.store.incidents.byNumber(1)?.channelId);
    expect(thread).toMatch(/^19:fallback@thread\.tacv2;messageid=/);
    expect(await h.say('status investigating', { channelId: FALLBACK_CHANNEL, conversationId: thread })).toBe(200);
    expect(h.app.store.incidents.byId(incident?.id ?? 0)?.status).toBe('investigating');
  });
});
