import type { Logger } from 'pino';
import { OutboxIntent, type OutboxRow } from '../../core/outbox/outbox-intent.js';
import type { Store } from '../../core/store-port.js';
import { DeliveryError } from '../../core/delivery-error.js';
import { budgetAfterSend, nextRollUpAt } from '../../core/outbox/roll-up-budget.js';
import { deadLetterCause, deadLetterFix } from './dead-letter-fix.js';
import { unpaced, type Pacer } from './pacer.js';
import type { TurnQueue } from '../../turn-queue.js';

export interface OutboxDispatcher {
  /** Look for work now rather than at the next poll. */
  kick(): void;
  /** Resolves with the row once it is no longer pending, or with its pending state after `timeoutMs`. */
  waitFor(key: string, timeoutMs: number): Promise<OutboxRow | null>;
  stop(): Promise<void>;
}

export interface DispatcherOptions {
  store: Store;
  deliver: (intent: OutboxIntent, row: OutboxRow) => Promise<void>;
  logger: Logger;
  now?: () => Date;
  pollMs?: number;
  /** Queues worked on at once. Each queue is still strictly in order. */
  concurrency?: number;
  maxBackoffMs?: number;
  /** Per-destination pacing; default none. */
  pacer?: Pacer;
  /**
   * Turns shared with the chat adapters (app.ts): each synchronous piece of a delivery (looking for due rows,
   * rendering, writing its outcome with its fsync) waits for one, so a backlog of deliveries never holds up the acks
   * of incoming requests. Default: none taken.
   */
  turns?: TurnQueue;
}

/** How often waitFor looks at a row that another process may settle. */
const WAIT_POLL_MS = 250;

/** Exponential backoff with jitter, at least what the platform asked for. */
export function backoffMs(
  attempts: number,
  retryAfterMs: number | undefined,
  maxMs: number,
  random = Math.random,
): number {
  const exponential = Math.min(maxMs, 1_000 * 2 ** Math.min(attempts, 16));
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.max(retryAfterMs ?? 0, Math.round(jittered));
}

/**
 * Sends queued chat deliveries: one ordered queue per destination, several queues at once, so a rate-limited or
 * broken war room never delays another. Rows leave the queue only when sent, superseded or permanently refused.
 */
export function startOutboxDispatcher(opts: DispatcherOptions): OutboxDispatcher {
  const { store, deliver, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const pollMs = opts.pollMs ?? 250;
  const concurrency = opts.concurrency ?? 8;
  const maxBackoffMs = opts.maxBackoffMs ?? 60_000;
  const pacer = opts.pacer ?? unpaced;
  const turn = () => opts.turns?.wait();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let kicked = false;
  /** waitFor callers by key, woken when this process settles the row (sent, dead or superseded). */
  const waiters = new Map<string, Set<() => void>>();
  const settled = (key: string) => {
    for (const wake of waiters.get(key) ?? []) wake();
  };

  /**
   * True when a newer row of the same state-rendering kind waits behind this one: these render the current state, so
   * the older one is redundant (a storm of repeats becomes one edit, not thousands). One indexed lookup per head.
   */
  function isSuperseded(row: OutboxRow): boolean {
    return row.coalesceKey !== null && store.outbox.hasNewerPending(row.destination, row.coalesceKey, row.id);
  }

  /**
   * Takes a message-redrawing row for sending: from here on a change made meanwhile queues a redraw of its own (this
   * one may have read the state already), and the roll-up redraws of the same message still waiting are superseded:
   * they were committed before this, so what this sends shows them.
   */
  function claim(row: OutboxRow): void {
    if (row.coalesceKey === null) return;
    if (row.heldUntil === null && !store.outbox.hasUnclaimed(row.destination, row.coalesceKey)) return;
    for (const key of store.outbox.claim(row, now())) settled(key);
  }

  /** Sent: the row, and the edit counted in its message's storm budget, in one commit. */
  function recordSent(row: OutboxRow): void {
    const at = now();
    store.transaction((tx) => {
      tx.outbox.markSent(row.id, at);
      if (row.coalesceKey !== null)
        tx.outbox.saveBudget(row.coalesceKey, budgetAfterSend(tx.outbox.budget(row.coalesceKey), at.getTime()));
    });
  }

  async function deliverRow(row: OutboxRow, intent: OutboxIntent): Promise<void> {
    try {
      await turn();
      claim(row);
      await deliver(intent, row);
      await turn();
      recordSent(row);
      settled(row.idempotencyKey);
    } catch (error) {
      await turn();
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof DeliveryError && error.disposition === 'permanent') {
        // Logged once, here, with what to do about it: a dead row is otherwise only visible in `warroom outbox list`.
        const cause = deadLetterCause(error, intent);
        const fix = deadLetterFix(row.id, cause, intent);
        logger.error(
          {
            outboxId: row.id,
            key: row.idempotencyKey,
            destination: row.destination,
            method: cause.method,
            error: cause.code,
            err: message,
            fix,
          },
          `delivery dead-lettered (${cause.method}: ${cause.code}): ${fix}`,
        );
        store.outbox.markDead(row.id, message, now(), cause);
        settled(row.idempotencyKey);
        return;
      }
      if (error instanceof DeliveryError && error.disposition === 'wait') {
        store.outbox.defer(row.id, now().getTime() + (error.retryAfterMs ?? 1_000));
        return;
      }
      const retryAfter = error instanceof DeliveryError ? error.retryAfterMs : undefined;
      const wait = backoffMs(row.attempts, retryAfter, maxBackoffMs);
      if (!(error instanceof DeliveryError))
        logger.error({ outboxId: row.id, err: error }, 'delivery failed unexpectedly; will retry');
      else
        logger.warn(
          { outboxId: row.id, key: row.idempotencyKey, err: message, retryInMs: wait },
          'delivery will be retried',
        );
      store.outbox.reschedule(row.id, now().getTime() + wait, message);
    }
  }

  async function drain(): Promise<void> {
    while (!stopped) {
      await turn();
      const nowMs = now().getTime();
      const heads = store.outbox.dueHeads(nowMs, concurrency);
      if (heads.length === 0) return;
      const ready: Array<{ row: OutboxRow; intent: OutboxIntent }> = [];
      for (const row of heads) {
        const intent = OutboxIntent.parse(JSON.parse(row.intent));
        if (isSuperseded(row)) {
          await turn();
          store.outbox.markSuperseded(row.id, now());
          settled(row.idempotencyKey);
          continue;
        }
        if (row.heldUntil !== null && row.coalesceKey !== null) {
          // A roll-up redraw (a storm's counts moved): its message is edited on the storm budget's widening interval.
          // Held, it leaves its queue's order until then, so the room's other messages go on meanwhile.
          const allowed = nextRollUpAt(store.outbox.budget(row.coalesceKey), nowMs);
          if (allowed > nowMs) {
            await turn();
            store.outbox.hold(row.id, allowed);
            continue;
          }
        }
        const wait = pacer.take(row.destination, nowMs);
        if (wait > 0) {
          // A paced row moves out of the way in the database, so it cannot crowd other queues out of dueHeads.
          await turn();
          store.outbox.defer(row.id, nowMs + wait);
        } else ready.push({ row, intent });
      }
      await Promise.all(ready.map(({ row, intent }) => deliverRow(row, intent)));
    }
  }

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
  }

  function tick(): void {
    if (running) {
      kicked = true;
      return;
    }
    kicked = false;
    running = drain()
      .catch((error: unknown) => logger.error({ err: error }, 'outbox dispatcher loop failed'))
      .finally(() => {
        running = null;
        schedule(kicked ? 0 : pollMs);
      });
  }

  schedule(0);
  return {
    kick: () => schedule(0),
    async waitFor(key, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const row = store.outbox.byKey(key);
        if (!row || row.status !== 'pending' || Date.now() >= deadline) return row;
        // Woken as soon as this process settles the row; the poll only covers another process (a replica) doing so.
        // Polling every few milliseconds instead cost a query per waiting declarer per poll, on the acks' loop.
        await new Promise<void>((resolve) => {
          const forKey = waiters.get(key) ?? new Set<() => void>();
          waiters.set(key, forKey);
          const wake = () => {
            clearTimeout(timer);
            forKey.delete(wake);
            if (forKey.size === 0) waiters.delete(key);
            resolve();
          };
          const timer = setTimeout(wake, Math.max(0, Math.min(WAIT_POLL_MS, deadline - Date.now())));
          forKey.add(wake);
        });
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
