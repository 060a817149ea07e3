import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERAL, startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;
beforeEach(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Disk full on db-3'));
});
afterEach(() => h.stop());

const pushpin = (channel: string, ts: string) => ({
  type: 'reaction_added',
  user: 'U2',
  reaction: 'pushpin',
  item_user: 'U3',
  item: { type: 'message', channel, ts },
  event_ts: `${Date.now() / 1000}`,
});

describe('Slack events', () => {
  it(':pushpin: on a war-room message copies it into the timeline, once even when Slack retries', async () => {
    const message = h.fake.seedMessage({ channel: room, user: 'U3', text: 'df shows /var at 100%' });
    const event = pushpin(room, message.ts);
    expect((await h.event(event, { event_id: 'Ev0PIN1' })).status).toBe(200);
    await h.fake.waitFor(() => h.kinds(1).includes('message.pinned'));
    expect((await h.event(event, { event_id: 'Ev0PIN1', retryNum: 1 })).status).toBe(200);
    // A different delivery of the same reaction (a second person pinning) is recorded once too.
    await h.event({ ...event, user: 'U1' }, { event_id: 'Ev0PIN2' });
    await new Promise((r) => setTimeout(r, 300));
    const pins = h.app.store.timeline.forIncident(1).filter((e) => e.kind === 'message.pinned');
    expect(pins).toHaveLength(1);
    expect(JSON.parse(pins[0]?.payload ?? '{}')).toEqual({
      messageId: message.ts,
      author: 'U3',
      text: 'df shows /var at 100%',
      via: 'reaction',
    });
    expect(pins[0]?.actor).toBe('{"type":"slack","userId":"U2"}');
  });

  it('ignores pins outside war rooms and other reactions', async () => {
    const elsewhere = h.fake.seedMessage({ channel: GENERAL, user: 'U3', text: 'lunch?' });
    await h.event(pushpin(GENERAL, elsewhere.ts));
    const inRoom = h.fake.seedMessage({ channel: room, user: 'U3', text: 'hi' });
    await h.event({ ...pushpin(room, inRoom.ts), reaction: 'thumbsup' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.kinds(1)).not.toContain('message.pinned');
  });

  it('catches up someone who joins the war room, privately; the bot joining is ignored', async () => {
    await h.event({ type: 'member_joined_channel', user: 'U9', channel: room, channel_type: 'C', team: 'T1' });
    await h.fake.waitFor(() => h.fake.ephemerals.some((e) => e.user === 'U9'));
    const brief = h.fake.ephemerals.find((e) => e.user === 'U9');
    expect(brief?.channel).toBe(room);
    expect(brief?.text).toMatch(/^Welcome to \*INC-0001\* \(SEV3, declared\): Disk full on db-3\nLead: <@U1>/);
    await h.event({ type: 'member_joined_channel', user: 'UBOT', channel: room, channel_type: 'C', team: 'T1' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.ephemerals.filter((e) => e.user === 'UBOT')).toEqual([]);
  });
});
