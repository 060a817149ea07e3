import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { TimelineRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { timelineEntries } from '../schema/index.js';

export function timelineRepo(db: Db): TimelineRepo {
  const incidentId = sql.placeholder('incidentId');
  const latestQuery = prepareOnce(() =>
    db
      .select()
      .from(timelineEntries)
      .where(eq(timelineEntries.incidentId, incidentId))
      .orderBy(desc(timelineEntries.seq))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  // Every change of every incident appends one entry: the hottest insert there is.
  const insertQuery = prepareOnce(() =>
    db
      .insert(timelineEntries)
      .values({
        incidentId,
        seq: sql.placeholder('seq'),
        at: sql.placeholder('at'),
        actor: sql.placeholder('actor'),
        kind: sql.placeholder('kind'),
        payload: sql.placeholder('payload'),
        prevHash: sql.placeholder('prevHash'),
        hash: sql.placeholder('hash'),
      })
      .returning()
      .prepare(),
  );
  return {
    last: (id) => latestQuery().get({ incidentId: id, limit: 1 }) ?? null,
    insert: (entry) => {
      const row = insertQuery().get(entry);
      if (!row) throw new Error(`timeline entry ${entry.incidentId}/${entry.seq} was not inserted`);
      return row;
    },
    forIncident: (incidentId) =>
      db
        .select()
        .from(timelineEntries)
        .where(eq(timelineEntries.incidentId, incidentId))
        .orderBy(asc(timelineEntries.seq))
        .all(),
    bySeq: (incidentId, seq) =>
      db
        .select()
        .from(timelineEntries)
        .where(and(eq(timelineEntries.incidentId, incidentId), eq(timelineEntries.seq, seq)))
        .get() ?? null,
    latest: (id, limit) => latestQuery().all({ incidentId: id, limit }).reverse(),
  };
}
