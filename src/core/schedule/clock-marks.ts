import type { IncidentClock } from './incident-clock.js';

/** A clock reminds at half its time, at 90 % and at its deadline (which is also when a miss is recorded). */
export const CLOCK_MARKS = [50, 90, 100] as const;

type Span = Pick<IncidentClock, 'startedAt' | 'deadline'>;

function spanOf(clock: Span, now: Date): { start: number; total: number; elapsed: number } {
  const start = Date.parse(clock.startedAt);
  return { start, total: Date.parse(clock.deadline) - start, elapsed: now.getTime() - start };
}

// Whole milliseconds times whole percents: exact integers, so a mark is reached at its instant, never a rounding off.
const reached = (mark: number, { total, elapsed }: { total: number; elapsed: number }) =>
  total <= 0 || elapsed * 100 >= mark * total;

/** The marks the clock has reached at `now`, in order. */
export function marksReached(clock: Span, now: Date): number[] {
  const span = spanOf(clock, now);
  return CLOCK_MARKS.filter((mark) => reached(mark, span));
}

/** The instant of the first mark not reached at `now`, or null when the deadline has come. */
export function nextReminderAt(clock: Span, now: Date): string | null {
  const span = spanOf(clock, now);
  const next = CLOCK_MARKS.find((mark) => !reached(mark, span));
  return next === undefined ? null : new Date(span.start + Math.ceil((next * span.total) / 100)).toISOString();
}
