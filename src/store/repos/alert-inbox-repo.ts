import { asc, eq, sql } from 'drizzle-orm';
import type { AlertInboxRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { alertInbox } from '../schema/index.js';

export function alertInboxRepo(db: Db): AlertInboxRepo {
  return {
    insert: (item) =>
      db
        .insert(alertInbox)
        .values({ ...item, status: 'pending', attempts: 0 })
        .returning()
        .get(),
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
