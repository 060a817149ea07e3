import { describe, expect, it } from 'vitest';
import { TEAMS_CHANNEL_NAME_MAX, teamsChannelName } from '../../../src/adapters/teams/teams-channel-name.js';
import { warRoomChannelName } from '../../../src/core/incident/war-room-channel-name.js';

describe('Teams channel names', () => {
  it("leaves warroom's short names alone", () => {
    expect(teamsChannelName('inc-0042-checkout-is-down')).toBe('inc-0042-checkout-is-down');
    expect(teamsChannelName('inc-0042-checkout-is-down-2')).toBe('inc-0042-checkout-is-down-2');
  });

  it('cuts at 50 characters but keeps the suffix, so every suffix of a long title is a different name', () => {
    const title = 'Checkout is down for every customer in the EU region since the deploy at noon';
    const names = [1, 2, 3, 10, 11].map((n) => teamsChannelName(warRoomChannelName(42, title, n)));
    expect(names).toEqual([
      'inc-0042-checkout-is-down-for-every-customer-in-th',
      'inc-0042-checkout-is-down-for-every-customer-in-2',
      'inc-0042-checkout-is-down-for-every-customer-in-3',
      'inc-0042-checkout-is-down-for-every-customer-in-10',
      'inc-0042-checkout-is-down-for-every-customer-in-11',
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.length <= TEAMS_CHANNEL_NAME_MAX)).toBe(true);
  });

  it('turns what Teams refuses into hyphens: ~ # % & * { } + / \\ : < > ? | \' " , .. and control characters', () => {
    expect(teamsChannelName(`a~b#c%d&e*f{g}h+i/j\\k:l<m>n?o|p'q"r,s`)).toBe('a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s');
    expect(teamsChannelName('db..down\u0007now\u0085')).toBe('db.down-now-');
  });

  it('never starts with _ or . nor ends with ., and steers clear of reserved names', () => {
    expect(teamsChannelName('_private')).toBe('private');
    expect(teamsChannelName('.hidden.')).toBe('hidden');
    expect(teamsChannelName('CON')).toBe('CON-room');
    expect(teamsChannelName('forms')).toBe('forms-room');
    expect(teamsChannelName('***')).toBe('war-room');
  });

  it('counts characters, not UTF-16 units, and does not split one', () => {
    const name = teamsChannelName(`inc-0042-${'é'.repeat(30)}${'😀'.repeat(20)}`);
    expect(Array.from(name)).toHaveLength(50);
    expect(name.endsWith('😀')).toBe(true);
  });
});
