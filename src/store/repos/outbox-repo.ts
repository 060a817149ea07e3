import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { OutboxRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { outbox } from '../schema/index.js';

export function outboxRepo(db: Db): OutboxRepo {
  return {
    insert(row) {
      db.insert(outbox)
        .values({ ...row, status: 'pending', attempts: 0 })
        .onConflictDoNothing({ target: outbox.idempotencyKey })
        .run();
    },
    dueHeads(nowMs, limit) {
      // The head of each destination's queue (its oldest pending row) — only heads, so each queue stays in order.
      const heads = db
        .select({ id: sql<number>`min(${outbox.id})` })
        .from(outbox)
        .where(eq(outbox.status, 'pending'))
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
        .where(and(eq(outbox.coalesceKey, key), gt(outbox.id, afterId), eq(outbox.status, 'pending'), eq(outbox.destination, destination)))
        .limit(1)
        .get() !== undefined,
    markSent(id, at) {
      db.update(outbox).set({ status: 'sent', sentAt: at.toISOString(), lastError: null }).where(eq(outbox.id, id)).run();
    },
    markSuperseded(id, at) {
      db.update(outbox).set({ status: 'superseded', sentAt: at.toISOString() }).where(eq(outbox.id, id)).run();
    },
    markDead(id, error, at) {
      db.update(outbox)
        .set({ status: 'dead', lastError: error, sentAt: at.toISOString(), attempts: sql`${outbox.attempts} + 1` })
        .where(eq(outbox.id, id))
        .run();
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
  };
}
