import { describe, expect, it } from 'vitest';
import { teamsConnectorPacer, teamsConversationOf } from '../../../src/adapters/teams/teams-connector-pacer.js';

const CHANNEL = '19:incidents@thread.tacv2';

describe('Teams Bot Connector pacer', () => {
  it("holds one conversation to Teams' windows: 7 at once, the 8th after 1 s, the 9th after 2 s", () => {
    const pacer = teamsConnectorPacer();
    for (let i = 0; i < 7; i += 1) expect(pacer.take(CHANNEL, 0)).toBe(0);
    expect(pacer.take(CHANNEL, 0)).toBe(1000);
    expect(pacer.take(CHANNEL, 1000)).toBe(0);
    // 8 in the last 2 s: the next waits until the first leaves the 2 s window.
    expect(pacer.take(CHANNEL, 1000)).toBe(1000);
    expect(pacer.take(CHANNEL, 2000)).toBe(0);
  });

  it('counts the threads of a channel against the channel, and other conversations apart', () => {
    const pacer = teamsConnectorPacer();
    for (let i = 1; i <= 7; i += 1) expect(pacer.take(`${CHANNEL};messageid=${i}`, 0)).toBe(0);
    expect(pacer.take(`${CHANNEL};messageid=99`, 0)).toBe(1000);
    expect(pacer.take(CHANNEL, 0)).toBe(1000);
    expect(pacer.take('a:personal-chat', 0)).toBe(0);
    expect(teamsConversationOf(`${CHANNEL};messageid=1700000000000`)).toBe(CHANNEL);
  });

  it('holds the tenant to 50 requests a second across conversations, and a refused call counts nowhere', () => {
    const pacer = teamsConnectorPacer();
    for (let i = 0; i < 50; i += 1) expect(pacer.take(`19:room-${i}@thread.tacv2`, 0)).toBe(0);
    expect(pacer.take('19:room-50@thread.tacv2', 500)).toBe(500);
    // The refused call took no turn in room-50: at 1 s it may send all 7 of its own.
    for (let i = 0; i < 7; i += 1) expect(pacer.take('19:room-50@thread.tacv2', 1000)).toBe(0);
  });

  it("holds a conversation, its threads included, for as long as Teams' Retry-After asked, then lets it send", () => {
    const pacer = teamsConnectorPacer();
    expect(pacer.take(`${CHANNEL};messageid=1`, 0)).toBe(0);
    pacer.hold(`${CHANNEL};messageid=1`, 3_000);
    // Another thread of that channel (another war room's queue) waits too; another conversation does not.
    expect(pacer.take(`${CHANNEL};messageid=2`, 1_000)).toBe(2_000);
    expect(pacer.take('19:other@thread.tacv2', 1_000)).toBe(0);
    // A shorter hold does not shorten a longer one.
    pacer.hold(CHANNEL, 2_000);
    expect(pacer.take(CHANNEL, 2_500)).toBe(500);
    expect(pacer.take(CHANNEL, 3_000)).toBe(0);
  });

  it('takes other windows (tests, or Teams changing its numbers)', () => {
    const pacer = teamsConnectorPacer({
      conversation: [{ limit: 1, windowMs: 100 }],
      tenant: [{ limit: 10, windowMs: 1000 }],
    });
    expect(pacer.take(CHANNEL, 0)).toBe(0);
    expect(pacer.take(CHANNEL, 50)).toBe(50);
  });
});
