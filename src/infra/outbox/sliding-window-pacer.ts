import type { Pacer } from './pacer.js';

/** At most `limit` sends in any `windowMs` milliseconds. */
export interface PaceWindow {
  limit: number;
  windowMs: number;
}

export interface SlidingWindowPacer extends Pacer {
  /** Milliseconds until `destination` may send under every window (0: now), without taking a turn. */
  peek(destination: string, nowMs: number): number;
}

/**
 * Several windows at once, each counted exactly over the sends it holds (a sliding log). A token bucket only
 * approximates a platform that states its limits as windows — Teams allows 7 sends in 1 s, 8 in 2 s, 60 in 30 s and
 * 1,800 in an hour per conversation — and has to be tuned below the tightest of them; this keeps every window and
 * never sends more than any of them allows, nor less than all of them allow.
 *
 * Times come from the caller, so a test drives it with a controlled clock. In memory, like the token buckets: after a
 * restart every destination starts with its windows empty. Memory per destination is bounded by the largest limit.
 */
export function slidingWindowPacer(windows: readonly PaceWindow[]): SlidingWindowPacer {
  if (windows.length === 0 || windows.some((w) => w.limit < 1 || w.windowMs <= 0)) {
    throw new Error('slidingWindowPacer needs windows with a limit of at least 1 and a positive length');
  }
  const longest = Math.max(...windows.map((w) => w.windowMs));
  /** Send times per destination, oldest first, none older than the longest window. */
  const logs = new Map<string, number[]>();
  let takes = 0;

  function logOf(destination: string, nowMs: number): number[] {
    const log = logs.get(destination) ?? [];
    const expired = firstAfter(log, nowMs - longest);
    if (expired > 0) log.splice(0, expired);
    return log;
  }

  function waitFor(log: number[], nowMs: number): number {
    let wait = 0;
    for (const w of windows) {
      // Sends still inside this window are those after now − windowMs.
      const first = firstAfter(log, nowMs - w.windowMs);
      const inWindow = log.length - first;
      if (inWindow < w.limit) continue;
      // The oldest sends must leave the window until one fewer than the limit remain.
      const leaving = log[first + inWindow - w.limit] ?? nowMs;
      wait = Math.max(wait, leaving + w.windowMs - nowMs);
    }
    return wait;
  }

  /** Destinations idle for longer than the longest window are forgotten now and then, so the map does not grow forever. */
  function sweep(nowMs: number): void {
    for (const [destination, log] of logs) {
      const newest = log[log.length - 1];
      if (newest === undefined || newest <= nowMs - longest) logs.delete(destination);
    }
  }

  return {
    peek(destination, nowMs) {
      return waitFor(logOf(destination, nowMs), nowMs);
    },
    take(destination, nowMs) {
      const log = logOf(destination, nowMs);
      const wait = waitFor(log, nowMs);
      if (wait > 0) return wait;
      // Times from one clock only grow; a clock set back still lands in order.
      log.splice(firstAfter(log, nowMs), 0, nowMs);
      logs.set(destination, log);
      takes += 1;
      if (takes % 1024 === 0) sweep(nowMs);
      return 0;
    },
  };
}

/** Index of the first time in the sorted `log` that is after `at` (log.length when none is). */
function firstAfter(log: readonly number[], at: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((log[mid] ?? Infinity) > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
