import { describe, expect, it } from 'vitest';
import { recentKeys } from '../../src/adapters/recent-keys.js';

describe('recentKeys (request ids seen lately, in memory)', () => {
  it('says a key is new once, and again only after its window', () => {
    let now = 0;
    const recent = recentKeys({ ttlMs: 1_000, max: 100, now: () => now });
    expect(recent.add('a')).toBe(true);
    expect(recent.add('a')).toBe(false);
    now = 999;
    expect(recent.add('a')).toBe(false);
    now = 1_000;
    expect(recent.add('a')).toBe(true);
    expect(recent.add('a')).toBe(false);
  });

  it('keeps at most `max` keys, dropping the oldest, and drops expired ones as it goes', () => {
    let now = 0;
    const recent = recentKeys({ ttlMs: 1_000, max: 3, now: () => now });
    for (const key of ['a', 'b', 'c', 'd']) expect(recent.add(key)).toBe(true);
    expect(recent.size).toBe(3);
    // 'a' was dropped for room; the others are still known.
    expect(recent.add('b')).toBe(false);
    expect(recent.add('a')).toBe(true);
    expect(recent.size).toBe(3);
    now = 5_000;
    expect(recent.add('e')).toBe(true);
    expect(recent.size).toBe(1);
  });

  it('forgets a key on request (its work never ran), so its retry is new', () => {
    const recent = recentKeys({ ttlMs: 1_000, max: 10, now: () => 0 });
    recent.add('a');
    recent.forget('a');
    expect(recent.add('a')).toBe(true);
  });
});
