import { and, asc, desc, eq, gte, isNotNull, ne } from 'drizzle-orm';
import type { AlertRecord } from '../../core/alert/alert-record.js';
import type { AlertRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { alerts, incidents, incidentTechniques } from '../schema/index.js';

/** Keeps incident_techniques in step with the alerts of each incident (the stats index; see its schema). */
function indexTechniques(db: Db, alert: AlertRecord): AlertRecord {
  if (alert.incidentId === null) return alert;
  const techniques = (JSON.parse(alert.normalized) as { attackTechniques?: string[] }).attackTechniques ?? [];
  if (techniques.length > 0) {
    const incidentId = alert.incidentId;
    db.insert(incidentTechniques)
      .values(techniques.map((technique) => ({ incidentId, technique })))
      .onConflictDoNothing()
      .run();
  }
  return alert;
}

export function alertRepo(db: Db): AlertRepo {
  return {
    insert: (alert) => indexTechniques(db, db.insert(alerts).values(alert).returning().get()),
    byId: (id) => db.select().from(alerts).where(eq(alerts.id, id)).get() ?? null,
    latest: (source, fingerprint) =>
      db
        .select()
        .from(alerts)
        .where(and(eq(alerts.source, source), eq(alerts.fingerprint, fingerprint)))
        .orderBy(desc(alerts.id))
        .limit(1)
        .get() ?? null,
    forIncident: (incidentId) =>
      db.select().from(alerts).where(eq(alerts.incidentId, incidentId)).orderBy(asc(alerts.id)).all(),
    update(id, changes) {
      const row = db.update(alerts).set(changes).where(eq(alerts.id, id)).returning().get();
      if (!row) throw new Error(`alert ${id} vanished during update`);
      // Repeats only count up: re-index when the alert joins an incident or its content changes.
      return 'incidentId' in changes || 'normalized' in changes ? indexTechniques(db, row) : row;
    },
    pendingTriage: (limit) =>
      db.select().from(alerts).where(eq(alerts.triage, 'pending')).orderBy(desc(alerts.id)).limit(limit).all(),
    // Newest first, sorted here: ORDER BY id would have SQLite walk every alert ever received in id order rather than
    // the few received since `sinceIso` by alerts_last_received_idx.
    recentInOpenIncidents: (sinceIso) =>
      db
        .select({ alert: alerts })
        .from(alerts)
        .innerJoin(incidents, eq(incidents.id, alerts.incidentId))
        .where(and(isNotNull(alerts.incidentId), ne(incidents.status, 'closed'), gte(alerts.lastReceivedAt, sinceIso)))
        .all()
        .map((r) => r.alert)
        .sort((a, b) => b.id - a.id),
  };
}
