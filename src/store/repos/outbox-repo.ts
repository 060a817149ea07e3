import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  type Placeholder,
  sql,
} from 'drizzle-orm';
import type { OutboxRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { deliveryBudgets, outbox, outboxDeadLetters } from '../schema/index.js';

export function outboxRepo(db: Db): OutboxRepo {
  /** Roll-up rows not taken yet (held or not): in outbox_unclaimed_idx, so this reads what waits, not the history. */
  const unclaimed = (destination: string | Placeholder, key: string | Placeholder) =>
    and(
      eq(outbox.coalesceKey, key),
      eq(outbox.status, 'pending'),
      isNotNull(outbox.heldUntil),
      eq(outbox.destination, destination),
    );
  // Every repeat of a storm alert asks this (to join the redraw that waits rather than queue one of its own).
  const unclaimedQuery = prepareOnce(() =>
    db
      .select({ id: outbox.id })
      .from(outbox)
      .where(unclaimed(sql.placeholder('destination'), sql.placeholder('key')))
      .limit(1)
      .prepare(),
  );
  return {
    insert(row) {
      db.insert(outbox)
        .values({ heldUntil: null, ...row, status: 'pending', attempts: 0 })
        .onConflictDoNothing({ target: outbox.idempotencyKey })
        .run();
    },
    dueHeads(nowMs, limit) {
      // The head of each destination's queue (its oldest pending row) — only heads, so each queue stays in order. A
      // roll-up row held for later is left out until its time, so it never holds up the room's other messages.
      const heads = db
        .select({ id: sql<number>`min(${outbox.id})` })
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), or(isNull(outbox.heldUntil), lte(outbox.heldUntil, nowMs))))
        .groupBy(outbox.destination)
        .all()
        .map((r) => r.id);
      if (heads.length === 0) return [];
      return db
        .select()
        .from(outbox)
        .where(and(sql`${outbox.id} in ${heads}`, lte(outbox.nextAttemptAt, nowMs)))
        .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
        .limit(limit)
        .all();
    },
    hasNewerPending: (destination, key, afterId) =>
      db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.coalesceKey, key),
            gt(outbox.id, afterId),
            eq(outbox.status, 'pending'),
            isNull(outbox.heldUntil),
            eq(outbox.destination, destination),
          ),
        )
        .limit(1)
        .get() !== undefined,
    hasUnclaimed: (destination, key) => unclaimedQuery().get({ destination, key }) !== undefined,
    hold(id, untilMs) {
      db.update(outbox).set({ heldUntil: untilMs }).where(eq(outbox.id, id)).run();
    },
    claim(row, at) {
      return db.transaction((tx) => {
        tx.update(outbox).set({ heldUntil: null }).where(eq(outbox.id, row.id)).run();
        if (row.coalesceKey === null) return [];
        return tx
          .update(outbox)
          .set({ status: 'superseded', sentAt: at.toISOString() })
          .where(and(unclaimed(row.destination, row.coalesceKey), ne(outbox.id, row.id)))
          .returning({ key: outbox.idempotencyKey })
          .all()
          .map((r) => r.key);
      });
    },
    budget: (key) =>
      db
        .select({ sends: deliveryBudgets.sends, lastSentAt: deliveryBudgets.lastSentAt })
        .from(deliveryBudgets)
        .where(eq(deliveryBudgets.coalesceKey, key))
        .get() ?? null,
    saveBudget(key, budget) {
      db.insert(deliveryBudgets)
        .values({ coalesceKey: key, ...budget })
        .onConflictDoUpdate({ target: deliveryBudgets.coalesceKey, set: budget })
        .run();
    },
    forgetBudgets: (beforeMs) =>
      db.delete(deliveryBudgets).where(lt(deliveryBudgets.lastSentAt, beforeMs)).run().changes,
    markSent(id, at) {
      db.update(outbox)
        .set({ status: 'sent', sentAt: at.toISOString(), lastError: null })
        .where(eq(outbox.id, id))
        .run();
    },
    markSuperseded(id, at) {
      db.update(outbox).set({ status: 'superseded', sentAt: at.toISOString() }).where(eq(outbox.id, id)).run();
    },
    markDead(id, error, at, cause) {
      // Both or neither: a dead row the counter does not know about would be a silent loss again.
      db.transaction((tx) => {
        tx.update(outbox)
          .set({ status: 'dead', lastError: error, sentAt: at.toISOString(), attempts: sql`${outbox.attempts} + 1` })
          .where(eq(outbox.id, id))
          .run();
        tx.insert(outboxDeadLetters)
          .values({ outboxId: id, method: cause.method, error: cause.code, deadAt: at.toISOString() })
          .run();
      });
    },
    reschedule(id, nextAttemptAt, error) {
      db.update(outbox)
        .set({ nextAttemptAt, lastError: error, attempts: sql`${outbox.attempts} + 1` })
        .where(eq(outbox.id, id))
        .run();
    },
    defer(id, nextAttemptAt) {
      db.update(outbox).set({ nextAttemptAt }).where(eq(outbox.id, id)).run();
    },
    byKey: (key) => db.select().from(outbox).where(eq(outbox.idempotencyKey, key)).get() ?? null,
    countPending: () =>
      db.select({ n: sql<number>`count(*)` }).from(outbox).where(eq(outbox.status, 'pending')).get()?.n ?? 0,
    listDead() {
      const rows = db.select().from(outbox).where(eq(outbox.status, 'dead')).orderBy(asc(outbox.id)).all();
      return rows.map((row) => {
        // The latest dead-lettering of this row says why it is dead now (an earlier one may have been re-driven).
        const cause = db
          .select()
          .from(outboxDeadLetters)
          .where(eq(outboxDeadLetters.outboxId, row.id))
          .orderBy(desc(outboxDeadLetters.id))
          .limit(1)
          .get();
        return {
          outboxId: row.id,
          idempotencyKey: row.idempotencyKey,
          destination: row.destination,
          intent: row.intent,
          createdAt: row.createdAt,
          deadAt: cause?.deadAt ?? row.sentAt ?? row.createdAt,
          attempts: row.attempts,
          lastError: row.lastError,
          method: cause?.method ?? 'unknown',
          code: cause?.error ?? 'unknown',
        };
      });
    },
    redrive(ids, at, by) {
      return db.transaction((tx) => {
        const dead = tx
          .select({ id: outbox.id })
          .from(outbox)
          .where(
            ids === 'all'
              ? eq(outbox.status, 'dead')
              : and(eq(outbox.status, 'dead'), inArray(outbox.id, ids.length > 0 ? ids : [-1])),
          )
          .all()
          .map((r) => r.id);
        if (dead.length === 0) return [];
        // Same row, same idempotency key: the dispatcher picks it up as the head of its queue on its next poll.
        tx.update(outbox)
          .set({ status: 'pending', nextAttemptAt: at.getTime(), sentAt: null })
          .where(inArray(outbox.id, dead))
          .run();
        tx.update(outboxDeadLetters)
          .set({ resolution: 'retried', resolvedAt: at.toISOString(), resolvedBy: by })
          .where(and(inArray(outboxDeadLetters.outboxId, dead), isNull(outboxDeadLetters.resolution)))
          .run();
        return dead;
      });
    },
    discard(id, at, by) {
      return db.transaction((tx) => {
        const changed = tx
          .update(outbox)
          .set({ status: 'discarded' })
          .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')))
          .run().changes;
        if (changed === 0) return false;
        tx.update(outboxDeadLetters)
          .set({ resolution: 'discarded', resolvedAt: at.toISOString(), resolvedBy: by })
          .where(and(eq(outboxDeadLetters.outboxId, id), isNull(outboxDeadLetters.resolution)))
          .run();
        return true;
      });
    },
    deadLetterCounts: () =>
      db
        .select({ method: outboxDeadLetters.method, code: outboxDeadLetters.error, count: sql<number>`count(*)` })
        .from(outboxDeadLetters)
        .groupBy(outboxDeadLetters.method, outboxDeadLetters.error)
        .all(),
  };
}
