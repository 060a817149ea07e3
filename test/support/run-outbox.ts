import type { RunningWarroom } from '../../src/app.js';
import type { TestClock } from './test-store.js';

/**
 * When the dispatcher may next send something: the earliest due time of the pending queue heads (the only rows it may
 * send next: each destination's queue stays in order), or of a roll-up row held for later (outside its queue's order
 * until its hold ends).
 */
function nextDue(app: RunningWarroom, nowMs: number): number | null {
  const row = app.database.sqlite
    .prepare(
      `select min(at) as at from (
         select next_attempt_at as at from outbox
          where id in (select min(id) from outbox
                        where status = 'pending' and (held_until is null or held_until <= @now) group by destination)
         union all
         select max(held_until, next_attempt_at) as at from outbox where status = 'pending' and held_until > @now)`,
    )
    .get({ now: nowMs }) as { at: number | null } | undefined;
  return row?.at ?? null;
}

/** Waits (on a condition) until the dispatcher has settled every row due at the clock's present; the clock stays. */
export async function settleOutbox(app: RunningWarroom, clock: TestClock): Promise<void> {
  app.dispatcher.kick();
  while (app.store.outbox.dueHeads(clock.now().getTime(), 1).length > 0) await new Promise((r) => setTimeout(r, 5));
}

/**
 * Runs a warroom started with `now: clock.now` until its outbox is empty, on the test's clock instead of the wall's:
 * waits (on a condition) until the dispatcher has settled every row due now — sent, dead, deferred by the pacer or
 * rescheduled after a refusal — then moves the clock to the next row's due time and kicks the dispatcher. Waits a
 * platform or a pacer asks for cost no real time, and the fakes stamp calls with the same clock, so a test can check
 * the gaps between calls exactly. Returns how much test time passed.
 */
export async function runOutbox(app: RunningWarroom, clock: TestClock, o: { maxMs?: number } = {}): Promise<number> {
  const start = clock.now().getTime();
  const maxMs = o.maxMs ?? 3_600_000;
  for (;;) {
    await settleOutbox(app, clock);
    const next = nextDue(app, clock.now().getTime());
    if (next === null) return clock.now().getTime() - start;
    if (next - start > maxMs)
      throw new Error(`the outbox still had work after ${maxMs} ms of test time (next row due at ${next})`);
    if (next > clock.now().getTime()) clock.set(new Date(next).toISOString());
  }
}
