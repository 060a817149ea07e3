import { asc, eq, lte, sql } from 'drizzle-orm';
import type { ScheduleRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { incidentClocks, jobLeases, sentReminders } from '../schema/index.js';

export function scheduleRepo(db: Db): ScheduleRepo {
  return {
    acquireLease(name, holder, nowMs, ttlMs) {
      // One statement, so two processes cannot both take it: insert, or take over only if expired or already ours.
      const result = db
        .insert(jobLeases)
        .values({ name, holder, expiresAt: nowMs + ttlMs })
        .onConflictDoUpdate({
          target: jobLeases.name,
          set: { holder, expiresAt: nowMs + ttlMs },
          setWhere: sql`${jobLeases.expiresAt} < ${nowMs} or ${jobLeases.holder} = ${holder}`,
        })
        .run();
      return result.changes === 1;
    },
    claimReminder: (key, incidentId, at) =>
      db.insert(sentReminders).values({ key, incidentId, sentAt: at.toISOString() }).onConflictDoNothing().run()
        .changes === 1,
    insertClock: (clock) => db.insert(incidentClocks).values(clock).returning().get(),
    clocksFor: (incidentId) =>
      db
        .select()
        .from(incidentClocks)
        .where(eq(incidentClocks.incidentId, incidentId))
        .orderBy(asc(incidentClocks.id))
        .all(),
    // remind_at <= ? implies remind_at is not null: the partial index incident_clocks_due_idx serves it.
    dueClocks: (nowIso, limit) =>
      db
        .select()
        .from(incidentClocks)
        .where(lte(incidentClocks.remindAt, nowIso))
        .orderBy(asc(incidentClocks.remindAt))
        .limit(limit)
        .all(),
    updateClock(id, changes) {
      const row = db.update(incidentClocks).set(changes).where(eq(incidentClocks.id, id)).returning().get();
      if (!row) throw new Error(`clock ${id} vanished during update`);
      return row;
    },
  };
}
