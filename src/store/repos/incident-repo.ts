import { and, asc, desc, eq, ne, or, sql } from 'drizzle-orm';
import type { Incident } from '../../core/incident/incident.js';
import type { IncidentRepo, NewIncident } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { incidents } from '../schema/index.js';

export function incidentRepo(db: Db): IncidentRepo {
  const one = (row: Incident | undefined): Incident | null => row ?? null;
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
    listOpen: () =>
      db.select().from(incidents).where(ne(incidents.status, 'closed')).orderBy(desc(incidents.number)).all(),
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
