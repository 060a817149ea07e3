import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueDelivery } from '../../../src/core/outbox/enqueue-delivery.js';
import type { OutboxIntent } from '../../../src/core/outbox/outbox-intent.js';
import {
  budgetAfterSend,
  nextRollUpAt,
  ROLL_UP_CAP_MS,
  ROLL_UP_QUIET_MS,
  rollUpIntervalMs,
  type RollUpBudget,
} from '../../../src/core/outbox/roll-up-budget.js';
import { startOutboxDispatcher, type OutboxDispatcher } from '../../../src/infra/outbox/outbox-dispatcher.js';
import { openTestStore, testClock, type TestClock, type TestStore } from '../../support/test-store.js';

const HOUR = 3_600_000;

describe('the storm budget of one message', () => {
  it('waits 1 s after the first edit, twice as long after each next one, 5 minutes at most', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50].map(rollUpIntervalMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
  });

  it('costs a storm that never stops 20 edits in its first hour and 12 in each hour after', () => {
    // A change waiting at every moment: each edit goes out the moment the budget allows.
    let budget: RollUpBudget | null = null;
    const edits: number[] = [];
    for (let at = 0; at < 3 * HOUR; ) {
      edits.push(at);
      budget = budgetAfterSend(budget, at);
      at = nextRollUpAt(budget, at + 1);
    }
    const inHour = (h: number) => edits.filter((at) => at >= h * HOUR && at < (h + 1) * HOUR).length;
    expect([inHour(0), inHour(1), inHour(2)]).toEqual([20, 12, 12]);
  });

  it('starts afresh after a quiet spell, not after a pause in the storm', () => {
    const busy: RollUpBudget = { sends: 12, lastSentAt: 0 };
    expect(nextRollUpAt(busy, 60_000)).toBe(ROLL_UP_CAP_MS);
    expect(nextRollUpAt(busy, ROLL_UP_CAP_MS + 60_000)).toBe(ROLL_UP_CAP_MS + 60_000);
    expect(budgetAfterSend(busy, ROLL_UP_CAP_MS + 60_000)).toEqual({ sends: 13, lastSentAt: ROLL_UP_CAP_MS + 60_000 });
    expect(budgetAfterSend(busy, ROLL_UP_QUIET_MS)).toEqual({ sends: 1, lastSentAt: ROLL_UP_QUIET_MS });
    expect(nextRollUpAt(null, 5)).toBe(5);
  });
});

let t: TestStore;
let clock: TestClock;
let dispatcher: OutboxDispatcher | null = null;
/** What the war room's state is now: the count a redraw renders when it is sent. */
let count = 0;
let sends: Array<{ type: OutboxIntent['type']; at: number; count: number }> = [];
beforeEach(() => {
  t = openTestStore();
  clock = testClock('2026-12-08T10:00:00.000Z');
  count = 0;
  sends = [];
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
  t.close();
});

const START = Date.parse('2026-12-08T10:00:00.000Z');
function start(): OutboxDispatcher {
  dispatcher = startOutboxDispatcher({
    store: t.store,
    logger: pino({ level: 'silent' }),
    now: clock.now,
    pollMs: 20,
    deliver: async (intent) => void sends.push({ type: intent.type, at: clock.now().getTime() - START, count }),
  });
  return dispatcher;
}
/** Waits (on a condition) until the dispatcher has settled every row due at the clock's present. */
async function settle(): Promise<void> {
  dispatcher?.kick();
  while (t.store.outbox.dueHeads(clock.now().getTime(), 1).length > 0) await new Promise((r) => setTimeout(r, 2));
}
/** A repeat arrives at `atMs`: the count moves and a roll-up redraw of the war room's alert message is queued. */
function repeatAt(atMs: number): void {
  clock.set(new Date(START + atMs).toISOString());
  count += 1;
  enqueueDelivery(t.store, {
    key: `r${count}`,
    now: clock.now(),
    intent: { type: 'warroom.alerts', incidentId: 1 },
    rollUp: true,
  });
}
const alertSends = () => sends.filter((s) => s.type === 'warroom.alerts');
const pendingRows = () => t.store.outbox.countPending();

describe('roll-up redraws through the dispatcher', () => {
  it('go out on the widening interval, each showing the latest count, joined into one waiting row, never holding up the room', async () => {
    start();
    // A repeat every 100 ms for 20 s: edits at 0, 1, 3, 7 and 15 s.
    for (let at = 0; at <= 20_000; at += 100) {
      repeatAt(at);
      if (at === 500) {
        // A timeline post queued behind the held redraw goes out at once.
        enqueueDelivery(t.store, {
          key: 'post',
          now: clock.now(),
          intent: { type: 'warroom.post', incidentId: 1, seq: 7 },
        });
      }
      await settle();
      expect(pendingRows()).toBeLessThanOrEqual(1);
    }
    expect(alertSends().map((s) => s.at)).toEqual([0, 1_000, 3_000, 7_000, 15_000]);
    // Each edit showed everything received up to its moment: the repeats that waited were joined into it.
    expect(alertSends().map((s) => s.count)).toEqual([1, 11, 31, 71, 151]);
    expect(sends.find((s) => s.type === 'warroom.post')).toEqual({ type: 'warroom.post', at: 500, count: 6 });
    // The storm stops: the last count goes out when its turn comes (16 s after the previous edit).
    clock.set(new Date(START + 31_000).toISOString());
    await settle();
    expect(alertSends().at(-1)).toEqual({ type: 'warroom.alerts', at: 31_000, count: 201 });
    expect(pendingRows()).toBe(0);
    // Rows: one per edit plus those joined at the moment an edit was taken; not one per repeat.
    const rows = t.database.sqlite.prepare('select count(*) as n from outbox').get() as { n: number };
    expect(rows.n).toBeLessThan(20);
  });

  it("a person's redraw goes at once and takes the waiting roll-up with it", async () => {
    start();
    repeatAt(0);
    await settle();
    repeatAt(100);
    await settle();
    expect(alertSends()).toHaveLength(1);
    clock.set(new Date(START + 300).toISOString());
    count += 1; // e.g. someone split a service out of the storm
    enqueueDelivery(t.store, { key: 'split', now: clock.now(), intent: { type: 'warroom.alerts', incidentId: 1 } });
    await settle();
    expect(alertSends().map((s) => [s.at, s.count])).toEqual([
      [0, 1],
      [300, 3],
    ]);
    expect(t.store.outbox.byKey('r2')?.status).toBe('superseded');
    expect(pendingRows()).toBe(0);
  });

  it('starts again from a 1 s wait once the message was quiet for 15 minutes', async () => {
    start();
    for (const at of [0, 100, 1_000, 1_100, 3_000, 3_100]) {
      repeatAt(at);
      await settle();
    }
    expect(alertSends().map((s) => s.at)).toEqual([0, 1_000, 3_000]);
    repeatAt(3_000 + ROLL_UP_QUIET_MS);
    await settle();
    repeatAt(3_100 + ROLL_UP_QUIET_MS);
    await settle();
    clock.set(new Date(START + 4_000 + ROLL_UP_QUIET_MS).toISOString());
    await settle();
    expect(alertSends().map((s) => s.at - ROLL_UP_QUIET_MS)).toEqual([
      -ROLL_UP_QUIET_MS,
      1_000 - ROLL_UP_QUIET_MS,
      3_000 - ROLL_UP_QUIET_MS,
      3_000,
      4_000,
    ]);
  });

  it('a crash between taking a redraw and sending it loses nothing and sends it once', async () => {
    start();
    repeatAt(0);
    await settle();
    repeatAt(100);
    await settle();
    await dispatcher?.stop();
    dispatcher = null;
    // At 1 s the dispatcher took the waiting redraw (committed), and the process died before it was sent.
    clock.set(new Date(START + 1_000).toISOString());
    const taken = t.store.outbox.byKey('r2');
    t.store.outbox.claim(taken ?? { id: 0, destination: '', coalesceKey: null }, clock.now());
    // A repeat meanwhile cannot join a redraw that may have read the state already: it queues its own.
    repeatAt(1_200);
    expect(pendingRows()).toBe(2);
    // The next process sends the taken redraw, showing the latest count, and the new one with it.
    start();
    await settle();
    expect(alertSends().map((s) => [s.at, s.count])).toEqual([
      [0, 1],
      [1_200, 3],
    ]);
    expect([t.store.outbox.byKey('r2')?.status, t.store.outbox.byKey('r3')?.status]).toEqual(['sent', 'superseded']);
  });
});
