import { describe, expect, it } from 'vitest';
import { slidingWindowPacer } from '../../../src/infra/outbox/sliding-window-pacer.js';

/** Sends as fast as the pacer allows from `startMs`, following its waits on a controlled clock; returns the send times. */
function drain(
  pacer: ReturnType<typeof slidingWindowPacer>,
  destination: string,
  count: number,
  startMs = 0,
): number[] {
  const sent: number[] = [];
  let now = startMs;
  while (sent.length < count) {
    const wait = pacer.take(destination, now);
    if (wait === 0) sent.push(now);
    else now += wait;
  }
  return sent;
}

const most = (sent: number[], windowMs: number) =>
  Math.max(...sent.map((t) => sent.filter((u) => u >= t && u < t + windowMs).length));

describe('sliding-window pacer', () => {
  it('allows the limit at once, then says exactly how long until the oldest send leaves the window', () => {
    const pacer = slidingWindowPacer([{ limit: 4, windowMs: 1000 }]);
    expect([0, 0, 0, 0].map(() => pacer.take('team', 0))).toEqual([0, 0, 0, 0]);
    expect(pacer.take('team', 0)).toBe(1000);
    expect(pacer.take('team', 400)).toBe(600);
    // Peeking does not take a turn.
    expect(pacer.peek('team', 999)).toBe(1);
    expect(pacer.take('team', 1000)).toBe(0);
    // Destinations are counted apart.
    expect(pacer.take('other-team', 0)).toBe(0);
  });

  it("keeps every window of Teams' per-conversation limits at once: 7/1 s, 8/2 s, 60/30 s, 1,800/h", () => {
    const pacer = slidingWindowPacer([
      { limit: 7, windowMs: 1_000 },
      { limit: 8, windowMs: 2_000 },
      { limit: 60, windowMs: 30_000 },
      { limit: 1_800, windowMs: 3_600_000 },
    ]);
    const sent = drain(pacer, 'conversation', 1_900);
    expect(most(sent, 1_000)).toBe(7);
    expect(most(sent, 2_000)).toBe(8);
    expect(most(sent, 30_000)).toBe(60);
    expect(most(sent, 3_600_000)).toBe(1_800);
    // …and no slower than the windows require: 1,800 fit in the first hour, the 1,801st waits for the first to leave it.
    expect(sent[1_799]).toBeLessThan(3_600_000);
    expect(sent[1_800]).toBe(3_600_000);
  });

  it('a clock set back still counts the send', () => {
    const pacer = slidingWindowPacer([{ limit: 2, windowMs: 1000 }]);
    expect(pacer.take('c', 500)).toBe(0);
    expect(pacer.take('c', 400)).toBe(0);
    expect(pacer.take('c', 600)).toBe(800);
  });

  it('refuses windows that could never send', () => {
    expect(() => slidingWindowPacer([])).toThrow(/windows/);
    expect(() => slidingWindowPacer([{ limit: 0, windowMs: 1000 }])).toThrow(/limit of at least 1/);
  });
});
