import { asc, desc, eq, sql } from 'drizzle-orm';
import type { TimelineCheckpointRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { timelineCheckpoints } from '../schema/index.js';

export function timelineCheckpointRepo(db: Db): TimelineCheckpointRepo {
  // Every war-room header shows the latest checkpoint.
  const latestQuery = prepareOnce(() =>
    db
      .select()
      .from(timelineCheckpoints)
      .where(eq(timelineCheckpoints.incidentId, sql.placeholder('incidentId')))
      .orderBy(desc(timelineCheckpoints.number))
      .limit(1)
      .prepare(),
  );
  return {
    insert: (checkpoint) => db.insert(timelineCheckpoints).values(checkpoint).returning().get(),
    latest: (incidentId) => latestQuery().get({ incidentId }) ?? null,
    forIncident: (incidentId) =>
      db
        .select()
        .from(timelineCheckpoints)
        .where(eq(timelineCheckpoints.incidentId, incidentId))
        .orderBy(asc(timelineCheckpoints.number))
        .all(),
  };
}
