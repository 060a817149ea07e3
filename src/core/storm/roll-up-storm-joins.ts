import type { Ctx } from '../context.js';
import type { Incident } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import type { Store } from '../store-port.js';

/** Joins named in one timeline entry at most (so a 5,000-alert storm is 50 entries, each listing its alerts). */
export const STORM_ROLL_UP_BATCH = 100;
/** How often joins are rolled up into a timeline entry while fewer than a batch wait. */
export const STORM_ROLL_UP_MS = 60_000;
const SERVICES_NAMED = 20;

/**
 * Records the storm's waiting joins on its timeline as `storm.alerts_joined` entries: a full batch at once, a partial
 * one when the last entry is a minute old (the scheduler's minute pass flushes the tail of a storm that went quiet).
 * One entry per alert would be thousands of entries; every alert is still named in exactly one entry.
 */
export function rollUpStormJoins(store: Store, ctx: Ctx, incident: Incident): number {
  let written = 0;
  for (;;) {
    const storm = store.storms.byIncident(incident.id);
    if (!storm) return written;
    const batch = store.storms.unrecorded(incident.id, STORM_ROLL_UP_BATCH);
    const due = ctx.now().getTime() - Date.parse(storm.rolledUpAt) >= STORM_ROLL_UP_MS;
    if (batch.length === 0 || (batch.length < STORM_ROLL_UP_BATCH && !due)) return written;
    const recordedBefore = storm.joined - store.storms.countUnrecorded(incident.id);
    const services = [
      ...new Set(batch.map((d) => store.alerts.byId(d.alertId)?.service).filter((s): s is string => Boolean(s))),
    ];
    recordIncidentChange(
      store,
      ctx,
      incident,
      {
        kind: 'storm.alerts_joined',
        payload: {
          alerts: batch.length,
          total: recordedBefore + batch.length,
          alertIds: batch.map((d) => d.alertId),
          services:
            services.length > SERVICES_NAMED
              ? [...services.slice(0, SERVICES_NAMED), `${services.length - SERVICES_NAMED} more`]
              : services,
        },
      },
      { header: false },
    );
    store.storms.markRecorded(batch.map((d) => d.id));
    store.storms.update(incident.id, { rolledUpAt: ctx.now().toISOString() });
    written += 1;
  }
}

/** The scheduler's minute pass: a storm that went quiet still gets its last joins on the timeline. */
export function rollUpQuietStorms(store: Store, ctx: Ctx): number {
  let written = 0;
  for (const storm of store.storms.withUnrecorded()) {
    const incident = store.incidents.byId(storm.incidentId);
    if (incident) written += rollUpStormJoins(store, ctx, incident);
  }
  return written;
}
