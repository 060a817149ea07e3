import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { AlertInboxRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { alertInbox } from '../schema/index.js';

export function alertInboxRepo(db: Db): AlertInboxRepo {
  const pendingUrgent = prepareOnce(() =>
    db
      .select()
      .from(alertInbox)
      .where(and(eq(alertInbox.status, 'pending'), eq(alertInbox.urgent, true)))
      .orderBy(asc(alertInbox.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  const addRepeat = prepareOnce(() =>
    db
      .update(alertInbox)
      .set({ repeats: sql`${alertInbox.repeats} + 1`, lastReceivedAt: sql`${sql.placeholder('at')}` })
      .where(and(eq(alertInbox.id, sql.placeholder('id')), eq(alertInbox.status, 'pending')))
      .prepare(),
  );
  // Rows accepted before identities were recorded have none: they count as carrying anything.
  const olderPending = prepareOnce(() =>
    db
      .select({ id: alertInbox.id })
      .from(alertInbox)
      .where(
        and(
          eq(alertInbox.status, 'pending'),
          lt(alertInbox.id, sql.placeholder('id')),
          or(isNull(alertInbox.identities), sql`instr(${alertInbox.identities}, ${sql.placeholder('needle')}) > 0`),
        ),
      )
      .limit(1)
      .prepare(),
  );
  return {
    hasOlderPending: (id, identity) => olderPending().get({ id, needle: JSON.stringify(identity) }) !== undefined,
    insert: (item) =>
      db
        .insert(alertInbox)
        .values({ ...item, status: 'pending', attempts: 0 })
        .returning()
        .get(),
    addRepeat: (id, at) => addRepeat().run({ id, at }).changes === 1,
    pendingUrgent: (limit) => pendingUrgent().all({ limit }),
    pending: (limit) =>
      db
        .select()
        .from(alertInbox)
        .where(eq(alertInbox.status, 'pending'))
        .orderBy(asc(alertInbox.id))
        .limit(limit)
        .all(),
    byId: (id) => db.select().from(alertInbox).where(eq(alertInbox.id, id)).get() ?? null,
    markProcessed(id, at) {
      db.update(alertInbox)
        .set({ status: 'processed', processedAt: at.toISOString(), error: null })
        .where(eq(alertInbox.id, id))
        .run();
    },
    markAttempt(id, error, failed) {
      db.update(alertInbox)
        .set({ error, attempts: sql`${alertInbox.attempts} + 1`, ...(failed ? { status: 'failed' as const } : {}) })
        .where(eq(alertInbox.id, id))
        .run();
    },
  };
}
