import { and, asc, desc, eq } from 'drizzle-orm';
import type { TimelineRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { timelineEntries } from '../schema/index.js';

export function timelineRepo(db: Db): TimelineRepo {
  return {
    last: (incidentId) =>
      db
        .select()
        .from(timelineEntries)
        .where(eq(timelineEntries.incidentId, incidentId))
        .orderBy(desc(timelineEntries.seq))
        .limit(1)
        .get() ?? null,
    insert: (entry) => db.insert(timelineEntries).values(entry).returning().get(),
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
    latest: (incidentId, limit) =>
      db
        .select()
        .from(timelineEntries)
        .where(eq(timelineEntries.incidentId, incidentId))
        .orderBy(desc(timelineEntries.seq))
        .limit(limit)
        .all()
        .reverse(),
  };
}
