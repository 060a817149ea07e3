import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { RepeatTallyRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { alertRepeatTallies } from '../schema/index.js';

export function repeatTallyRepo(db: Db): RepeatTallyRepo {
  // Every repeat of an alert in an open incident runs this: prepared once.
  const countQuery = prepareOnce(() =>
    db
      .insert(alertRepeatTallies)
      .values({
        incidentId: sql.placeholder('incidentId'),
        alertId: sql.placeholder('alertId'),
        repeats: sql`${sql.placeholder('n')}`,
        firstAt: sql.placeholder('at'),
        lastAt: sql.placeholder('at'),
      })
      .onConflictDoUpdate({
        target: [alertRepeatTallies.incidentId, alertRepeatTallies.alertId],
        set: {
          repeats: sql`${alertRepeatTallies.repeats} + excluded.repeats`,
          // Senders deliver out of order: the window spans the earliest and the latest receipt.
          firstAt: sql`min(${alertRepeatTallies.firstAt}, excluded.first_at)`,
          lastAt: sql`max(${alertRepeatTallies.lastAt}, excluded.last_at)`,
        },
      })
      .returning()
      .prepare(),
  );
  return {
    count(incidentId, alertId, at, n = 1) {
      const row = countQuery().get({ incidentId, alertId, at, n });
      if (!row) throw new Error(`repeat of alert ${alertId} was not counted`);
      return row;
    },
    forIncident: (incidentId) =>
      db
        .select()
        .from(alertRepeatTallies)
        .where(eq(alertRepeatTallies.incidentId, incidentId))
        .orderBy(asc(alertRepeatTallies.alertId))
        .all(),
    clear(incidentId, alertIds) {
      if (alertIds.length === 0) return;
      db.delete(alertRepeatTallies)
        .where(and(eq(alertRepeatTallies.incidentId, incidentId), inArray(alertRepeatTallies.alertId, alertIds)))
        .run();
    },
    // Deduplicated here: DISTINCT would have SQLite walk the whole table in incident order instead of the due rows.
    incidentsDue: (beforeIso) => [
      ...new Set(
        db
          .select({ incidentId: alertRepeatTallies.incidentId })
          .from(alertRepeatTallies)
          .where(lte(alertRepeatTallies.firstAt, beforeIso))
          .all()
          .map((r) => r.incidentId),
      ),
    ],
  };
}
