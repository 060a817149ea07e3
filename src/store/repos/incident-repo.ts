import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { STATUSES, type Incident, type IncidentStatus } from '../../core/incident/incident.js';

const OPEN = STATUSES.filter((s) => s !== 'closed');
import type { IncidentRepo, NewIncident } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { incidents } from '../schema/index.js';

export function incidentRepo(db: Db): IncidentRepo {
  const one = (row: Incident | undefined): Incident | null => row ?? null;
  const withStatus = (statuses: readonly IncidentStatus[]): Incident[] =>
    db
      .select()
      .from(incidents)
      .where(inArray(incidents.status, [...statuses]))
      .orderBy(desc(incidents.number))
      .all();
  return {
    nextNumber() {
      const row = db
        .select({ max: sql<number | null>`max(${incidents.number})` })
        .from(incidents)
        .get();
      return (row?.max ?? 0) + 1;
    },
    insert(incident: NewIncident) {
      return db.insert(incidents).values(incident).returning().get();
    },
    byId: (id) => one(db.select().from(incidents).where(eq(incidents.id, id)).get()),
    byNumber: (number) => one(db.select().from(incidents).where(eq(incidents.number, number)).get()),
    byChannel: (platform, channelId) =>
      one(
        db
          .select()
          .from(incidents)
          .where(and(eq(incidents.platform, platform), eq(incidents.channelId, channelId)))
          .get(),
      ),
    listAll: () => db.select().from(incidents).orderBy(asc(incidents.number)).all(),
    // `status in (…)` rather than `status <> 'closed'`: an inequality cannot use incidents_status_idx, so it read
    // every incident ever declared to find the few still open.
    listOpen: () => withStatus(OPEN),
    withStatus,
    update(id, changes) {
      const row = db.update(incidents).set(changes).where(eq(incidents.id, id)).returning().get();
      if (!row) throw new Error(`incident ${id} vanished during update`);
      return row;
    },
    channelNameInUse: (platform, name) =>
      db
        .select({ id: incidents.id })
        .from(incidents)
        .where(
          and(
            eq(incidents.platform, platform),
            or(eq(incidents.channelName, name), eq(incidents.plannedChannelName, name)),
          ),
        )
        .get() !== undefined,
  };
}
