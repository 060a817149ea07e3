import { asc, desc, eq } from 'drizzle-orm';
import type { TimelineCheckpointRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { timelineCheckpoints } from '../schema/index.js';

export function timelineCheckpointRepo(db: Db): TimelineCheckpointRepo {
  return {
    insert: (checkpoint) => db.insert(timelineCheckpoints).values(checkpoint).returning().get(),
    latest: (incidentId) =>
      db
        .select()
        .from(timelineCheckpoints)
        .where(eq(timelineCheckpoints.incidentId, incidentId))
        .orderBy(desc(timelineCheckpoints.number))
        .limit(1)
        .get() ?? null,
    forIncident: (incidentId) =>
      db
        .select()
        .from(timelineCheckpoints)
        .where(eq(timelineCheckpoints.incidentId, incidentId))
        .orderBy(asc(timelineCheckpoints.number))
        .all(),
  };
}
