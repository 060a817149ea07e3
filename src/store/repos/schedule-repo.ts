import { asc, eq, lte, sql } from 'drizzle-orm';
import type { ScheduleRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { incidentClocks, jobLeases, sentReminders } from '../schema/index.js';

export function scheduleRepo(db: Db): ScheduleRepo {
  // A pass claims a key for every reminder it considers: prepared once, like the pass's reads.
  const claimQuery = prepareOnce(() =>
    db
      .insert(sentReminders)
      .values({
        key: sql.placeholder('key'),
        incidentId: sql.placeholder('incidentId'),
        sentAt: sql.placeholder('sentAt'),
      })
      .onConflictDoNothing()
      .prepare(),
  );
  const clocksForQuery = prepareOnce(() =>
    db
      .select()
      .from(incidentClocks)
      .where(eq(incidentClocks.incidentId, sql.placeholder('incidentId')))
      .orderBy(asc(incidentClocks.id))
      .prepare(),
  );
  // remind_at <= ? implies remind_at is not null: the partial index incident_clocks_due_idx serves it.
  const dueClocksQuery = prepareOnce(() =>
    db
      .select()
      .from(incidentClocks)
      .where(lte(incidentClocks.remindAt, sql.placeholder('now')))
      .orderBy(asc(incidentClocks.remindAt))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
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
      claimQuery().run({ key, incidentId, sentAt: at.toISOString() }).changes === 1,
    insertClock: (clock) => db.insert(incidentClocks).values(clock).returning().get(),
    clocksFor: (incidentId) => clocksForQuery().all({ incidentId }),
    dueClocks: (nowIso, limit) => dueClocksQuery().all({ now: nowIso, limit }),
    updateClock(id, changes) {
      const row = db.update(incidentClocks).set(changes).where(eq(incidentClocks.id, id)).returning().get();
      if (!row) throw new Error(`clock ${id} vanished during update`);
      return row;
    },
  };
}
