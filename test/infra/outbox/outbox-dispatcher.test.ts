import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueueDelivery } from '../../../src/core/outbox/enqueue-delivery.js';
import type { OutboxIntent } from '../../../src/core/outbox/outbox-intent.js';
import { DeliveryError } from '../../../src/core/delivery-error.js';
import {
  backoffMs,
  startOutboxDispatcher,
  type OutboxDispatcher,
} from '../../../src/infra/outbox/outbox-dispatcher.js';
import { openDatabase } from '../../../src/store/db.js';
import { sqliteStore } from '../../../src/store/sqlite-store.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

let t: TestStore;
let dispatcher: OutboxDispatcher | null = null;
beforeEach(() => {
  t = openTestStore();
});
afterEach(async () => {
  await dispatcher?.stop();
  t.close();
});

const queue = (key: string, intent: OutboxIntent) => enqueueDelivery(t.store, { key, intent, now: new Date() });
const statusOf = (key: string) => t.store.outbox.byKey(key)?.status;

function start(deliver: (intent: OutboxIntent) => Promise<void>) {
  dispatcher = startOutboxDispatcher({
    store: t.store,
    deliver,
    logger: pino({ level: 'silent' }),
    pollMs: 20,
    maxBackoffMs: 60_000,
  });
  return dispatcher;
}

describe('outbox dispatcher', () => {
  it('keeps each queue in order and lets a stuck queue delay no other', async () => {
    const delivered: string[] = [];
    start(async (intent) => {
      const incidentId = 'incidentId' in intent ? intent.incidentId : null;
      if (incidentId === 1) throw new DeliveryError('rate limited', 'retry', 30_000);
      delivered.push(`${incidentId}:${intent.type}`);
    });
    queue('a1', { type: 'warroom.open', incidentId: 1 });
    queue('a2', { type: 'warroom.post', incidentId: 1, seq: 1 });
    queue('b1', { type: 'warroom.open', incidentId: 2 });
    queue('b2', { type: 'warroom.post', incidentId: 2, seq: 1 });
    dispatcher?.kick();
    await dispatcher?.waitFor('b2', 2000);
    expect(delivered).toEqual(['2:warroom.open', '2:warroom.post']);
    expect(statusOf('a1')).toBe('pending');
    const stuck = t.store.outbox.byKey('a1');
    expect(stuck?.attempts).toBe(1);
    expect(stuck?.lastError).toBe('rate limited');
    // Retry-After (30 s) is honoured: not tried again yet, and the row behind it waits its turn.
    expect((stuck?.nextAttemptAt ?? 0) - Date.now()).toBeGreaterThan(25_000);
    expect(statusOf('a2')).toBe('pending');
  });

  it('drops a permanently refused delivery and carries on with the queue', async () => {
    start(async (intent) => {
      if (intent.type === 'warroom.post') throw new DeliveryError('invalid_blocks', 'permanent');
    });
    queue('p1', { type: 'warroom.post', incidentId: 1, seq: 1 });
    queue('p2', { type: 'warroom.header', incidentId: 1 });
    dispatcher?.kick();
    await dispatcher?.waitFor('p2', 2000);
    expect([statusOf('p1'), statusOf('p2')]).toEqual(['dead', 'sent']);
    expect(t.store.outbox.byKey('p1')?.lastError).toBe('invalid_blocks');
  });

  it('collapses header refreshes queued behind each other into one send', async () => {
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    start(async (intent) => {
      if (intent.type === 'warroom.open') await gate;
      sent.push(intent.type);
    });
    queue('o', { type: 'warroom.open', incidentId: 1 });
    queue('h1', { type: 'warroom.header', incidentId: 1 });
    queue('h2', { type: 'warroom.header', incidentId: 1 });
    queue('h3', { type: 'warroom.header', incidentId: 1 });
    dispatcher?.kick();
    release();
    await dispatcher?.waitFor('h3', 2000);
    expect(sent).toEqual(['warroom.open', 'warroom.header']);
    expect(['h1', 'h2', 'h3'].map(statusOf)).toEqual(['superseded', 'superseded', 'sent']);
  });

  it('a key is queued once, however often the verb that wrote it is replayed', () => {
    queue('same', { type: 'warroom.header', incidentId: 1 });
    queue('same', { type: 'warroom.header', incidentId: 1 });
    expect(t.store.outbox.countPending()).toBe(1);
  });

  it('survives a restart: rows written before are sent by the next dispatcher', async () => {
    queue('r1', { type: 'warroom.open', incidentId: 7 });
    const sent: number[] = [];
    start(async (intent) => void sent.push('incidentId' in intent ? intent.incidentId : -1));
    await dispatcher?.waitFor('r1', 2000);
    expect(sent).toEqual([7]);
  });
});

describe('backoffMs', () => {
  it('grows exponentially with jitter, caps, and never undercuts Retry-After', () => {
    const mid = () => 0.5;
    expect(backoffMs(0, undefined, 60_000, mid)).toBe(1_000);
    expect(backoffMs(3, undefined, 60_000, mid)).toBe(8_000);
    expect(backoffMs(20, undefined, 60_000, mid)).toBe(60_000);
    expect(backoffMs(0, 30_000, 60_000, mid)).toBe(30_000);
    expect(backoffMs(0, undefined, 60_000, () => 0)).toBe(800);
    expect(backoffMs(0, undefined, 60_000, () => 1)).toBe(1_200);
  });
});

describe('pacing', () => {
  it('sends a burst, then about one per second per destination, without holding up other destinations', async () => {
    const { tokenBucketPacer } = await import('../../../src/infra/outbox/pacer.js');
    const sentAt: Array<{ id: number; at: number }> = [];
    dispatcher = startOutboxDispatcher({
      store: t.store,
      logger: pino({ level: 'silent' }),
      pollMs: 20,
      pacer: tokenBucketPacer({ perSecond: 1, burst: 2 }),
      deliver: async (intent) =>
        void sentAt.push({ id: 'incidentId' in intent ? intent.incidentId : -1, at: Date.now() }),
    });
    const start = Date.now();
    for (let seq = 1; seq <= 4; seq += 1) queue(`a${seq}`, { type: 'warroom.post', incidentId: 1, seq });
    queue('b1', { type: 'warroom.post', incidentId: 2, seq: 1 });
    dispatcher.kick();
    await dispatcher.waitFor('b1', 1_000);
    expect(statusOf('b1')).toBe('sent');
    await dispatcher.waitFor('a4', 4_000);
    const room1 = sentAt.filter((s) => s.id === 1).map((s) => s.at - start);
    expect(room1).toHaveLength(4);
    // two at once (the burst), then spaced by about a second
    expect(room1[1] ?? 0).toBeLessThan(500);
    expect((room1[2] ?? 0) - (room1[1] ?? 0)).toBeGreaterThan(700);
    expect((room1[3] ?? 0) - (room1[2] ?? 0)).toBeGreaterThan(700);
    // pacing is not failure: no attempts counted
    expect(t.store.outbox.byKey('a4')?.attempts).toBe(0);
  });

  it('token bucket refills at the configured rate', async () => {
    const { tokenBucketPacer } = await import('../../../src/infra/outbox/pacer.js');
    const pacer = tokenBucketPacer({ perSecond: 2, burst: 1 });
    expect(pacer.take('x', 0)).toBe(0);
    expect(pacer.take('x', 0)).toBe(500);
    expect(pacer.take('x', 500)).toBe(0);
    expect(pacer.take('y', 500)).toBe(0);
  });
});

describe('outbox dispatcher waitFor', () => {
  it('sees a row another process settled (a replica on the same database), not only its own', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    start(() => gate);
    queue('r1', { type: 'warroom.header', incidentId: 1 });
    dispatcher?.kick();
    const waited = dispatcher?.waitFor('r1', 60_000);
    // This process is still sending it; the replica's answer came first.
    const replica = openDatabase(t.path, { migrate: false });
    sqliteStore(replica.db).outbox.markSent(t.store.outbox.byKey('r1')?.id ?? 0, new Date());
    replica.close();
    expect((await waited)?.status).toBe('sent');
    release();
  }, 10_000);
});

describe('outbox dispatcher taking turns (with requests being acknowledged)', () => {
  it('writes nothing and sends nothing without a turn: one for finding due rows, one to send, one to record it', async () => {
    // Turns handed out by the test, one at a time (in the app, one per event-loop iteration).
    const waiting: Array<() => void> = [];
    let open = false;
    const turns = {
      wait: () => (open ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
      waiting: 0,
    };
    const grant = async () => {
      await vi.waitFor(() => expect(waiting.length).toBe(1));
      waiting.shift()?.();
    };
    const delivered: string[] = [];
    dispatcher = startOutboxDispatcher({
      store: t.store,
      deliver: async (intent) => void delivered.push(intent.type),
      logger: pino({ level: 'silent' }),
      pollMs: 20,
      turns,
    });
    queue('turn1', { type: 'warroom.header', incidentId: 1 });
    dispatcher.kick();
    await grant();
    await grant();
    await vi.waitFor(() => expect(delivered).toEqual(['warroom.header']));
    // Sent, but not recorded as sent until the next turn.
    expect(statusOf('turn1')).toBe('pending');
    await grant();
    await vi.waitFor(() => expect(statusOf('turn1')).toBe('sent'));
    open = true;
    for (const resolve of waiting.splice(0)) resolve();
  });
});
