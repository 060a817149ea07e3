import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { STATUSES, type Incident, type IncidentStatus } from '../../core/incident/incident.js';
import type { IncidentRepo, NewIncident } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { incidents } from '../schema/index.js';

const OPEN = STATUSES.filter((s) => s !== 'closed');

export function incidentRepo(db: Db): IncidentRepo {
  const one = (row: Incident | undefined): Incident | null => row ?? null;
  const byIdQuery = prepareOnce(() =>
    db
      .select()
      .from(incidents)
      .where(eq(incidents.id, sql.placeholder('id')))
      .prepare(),
  );
  const byNumberQuery = prepareOnce(() =>
    db
      .select()
      .from(incidents)
      .where(eq(incidents.number, sql.placeholder('number')))
      .prepare(),
  );
  // Every command typed in a war room starts here.
  const byChannelQuery = prepareOnce(() =>
    db
      .select()
      .from(incidents)
      .where(
        and(eq(incidents.platform, sql.placeholder('platform')), eq(incidents.channelId, sql.placeholder('channelId'))),
      )
      .prepare(),
  );
  const withStatusQuery = (statuses: readonly IncidentStatus[]) =>
    db
      .select()
      .from(incidents)
      .where(inArray(incidents.status, [...statuses]))
      .orderBy(desc(incidents.number))
      .prepare();
  // One statement per set of statuses asked for (the core asks for two).
  const withStatusQueries = new Map<string, ReturnType<typeof withStatusQuery>>();
  const withStatus = (statuses: readonly IncidentStatus[]): Incident[] => {
    const key = statuses.join(',');
    const query = withStatusQueries.get(key) ?? withStatusQuery(statuses);
    withStatusQueries.set(key, query);
    return query.all();
  };
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
    byId: (id) => one(byIdQuery().get({ id })),
    byNumber: (number) => one(byNumberQuery().get({ number })),
    byChannel: (platform, channelId) => one(byChannelQuery().get({ platform, channelId })),
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
