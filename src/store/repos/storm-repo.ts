import { and, asc, count, desc, eq, gte, inArray, ne } from 'drizzle-orm';
import type { StormRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { alerts, storms, warRoomDemands } from '../schema/index.js';

export function stormRepo(db: Db): StormRepo {
  return {
    recordDemand: (demand) => db.insert(warRoomDemands).values(demand).returning().get(),
    demandsSince: (sinceIso) =>
      db
        .select({ n: count() })
        .from(warRoomDemands)
        .where(and(gte(warRoomDemands.at, sinceIso), ne(warRoomDemands.outcome, 'grouped')))
        .get()?.n ?? 0,
    insert: (storm) => db.insert(storms).values(storm).returning().get(),
    byIncident: (incidentId) => db.select().from(storms).where(eq(storms.incidentId, incidentId)).get() ?? null,
    latest: () =>
      db.select().from(storms).orderBy(desc(storms.lastJoinedAt), desc(storms.incidentId)).limit(1).get() ?? null,
    update(incidentId, changes) {
      const row = db.update(storms).set(changes).where(eq(storms.incidentId, incidentId)).returning().get();
      if (!row) throw new Error(`storm of incident ${incidentId} vanished during update`);
      return row;
    },
    unrecorded: (incidentId, limit) =>
      db
        .select()
        .from(warRoomDemands)
        .where(and(eq(warRoomDemands.incidentId, incidentId), eq(warRoomDemands.recorded, false)))
        .orderBy(asc(warRoomDemands.id))
        .limit(limit)
        .all(),
    countUnrecorded: (incidentId) =>
      db
        .select({ n: count() })
        .from(warRoomDemands)
        .where(and(eq(warRoomDemands.incidentId, incidentId), eq(warRoomDemands.recorded, false)))
        .get()?.n ?? 0,
    markRecorded(demandIds) {
      for (const id of demandIds)
        db.update(warRoomDemands).set({ recorded: true }).where(eq(warRoomDemands.id, id)).run();
    },
    withUnrecorded: () =>
      db
        .selectDistinct({ storm: storms })
        .from(storms)
        .innerJoin(
          warRoomDemands,
          and(eq(warRoomDemands.incidentId, storms.incidentId), eq(warRoomDemands.recorded, false)),
        )
        .all()
        .map((r) => r.storm),
    splitOut: (incidentId) =>
      db
        .select({ alert: alerts })
        .from(warRoomDemands)
        .innerJoin(alerts, eq(alerts.id, warRoomDemands.alertId))
        .where(
          and(
            eq(warRoomDemands.incidentId, incidentId),
            inArray(warRoomDemands.outcome, ['stormed', 'grouped']),
            ne(alerts.incidentId, incidentId),
          ),
        )
        .orderBy(asc(alerts.id))
        .all()
        .map((r) => r.alert),
  };
}
