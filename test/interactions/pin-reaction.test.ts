import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { NOT_IN_WAR_ROOM_TEXT, pinReaction, pinsMessage, pinToTimeline } from '../../src/interactions/index.js';
import { interactionEnv, openWarRoom } from '../support/interaction-env.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
let room: string;
beforeEach(() => {
  t = openTestStore();
  room = openWarRoom(t, declareIncident({ ctx: t.ctx('alice'), input: { title: 'Checkout returns 500s' } }));
});
afterEach(() => t.close());

const pin = (over: Partial<Parameters<typeof pinReaction>[0]> = {}) =>
  pinReaction(
    {
      reaction: 'pushpin',
      channelId: room,
      messageId: '1700000000.000100',
      author: 'carol',
      text: 'p99 back at 180 ms',
      ...over,
    },
    interactionEnv(t, 'bob', room),
  );

describe('the pin reaction', () => {
  it('copies a war-room message into the timeline once, and says so', () => {
    expect(pinsMessage('pushpin', room, t.ctx('bob'))).toBe(true);
    expect(pin()).toEqual({ type: 'private', text: 'Pinned to the INC-0001 timeline (#3).' });
    expect(pin({ reaction: 'round_pushpin' })).toEqual({
      type: 'private',
      text: 'That message is already on the timeline.',
    });
    const pinned = t.store.timeline.forIncident(1).filter((e) => e.kind === 'message.pinned');
    expect(pinned.map((e) => JSON.parse(e.payload))).toEqual([
      { messageId: '1700000000.000100', author: 'carol', text: 'p99 back at 180 ms', via: 'reaction' },
    ]);
  });

  it('does nothing for other reactions or outside war rooms', () => {
    expect(pinsMessage('tada', room, t.ctx('bob'))).toBe(false);
    expect(pinsMessage('pushpin', 'CGENERAL', t.ctx('bob'))).toBe(false);
    expect(pin({ reaction: 'tada' })).toEqual({ type: 'done' });
    expect(pin({ channelId: 'CGENERAL' })).toEqual({ type: 'done' });
    expect(t.store.timeline.forIncident(1).map((e) => e.kind)).not.toContain('message.pinned');
  });
});

describe('a message put on the timeline from its menu (Teams: "Add to timeline")', () => {
  const ask = (channelId: string) =>
    pinToTimeline(
      { channelId, messageId: '1733000000123', author: 'carol', text: 'p99 back at 180 ms', via: 'button' },
      interactionEnv(t, 'bob', channelId),
    );

  it('copies it once, recorded as asked for by a button, and says so', () => {
    expect(ask(room)).toEqual({ type: 'private', text: 'Pinned to the INC-0001 timeline (#3).' });
    expect(ask(room)).toEqual({ type: 'private', text: 'That message is already on the timeline.' });
    const pinned = t.store.timeline.forIncident(1).filter((e) => e.kind === 'message.pinned');
    expect(pinned.map((e) => [JSON.parse(e.payload), JSON.parse(e.actor)])).toEqual([
      [
        { messageId: '1733000000123', author: 'carol', text: 'p99 back at 180 ms', via: 'button' },
        expect.objectContaining({ userId: 'bob' }),
      ],
    ]);
  });

  it('outside a war room it says there is no timeline there, and records nothing', () => {
    expect(ask('CGENERAL')).toEqual({ type: 'private', text: NOT_IN_WAR_ROOM_TEXT });
    expect(t.store.timeline.forIncident(1).map((e) => e.kind)).not.toContain('message.pinned');
  });
});
