import type { Ctx } from '../context.js';
import type { Enrichment } from '../alert/catalog-types.js';
import type { NormalizedAlert } from '../alert/normalized-alert.js';
import { openIncidentFromAlert } from '../alert/open-incident-from-alert.js';
import type { Incident, Priority } from '../incident/incident.js';
import type { Store } from '../store-port.js';

/**
 * Opens the storm incident for the alert that tipped the rate over the threshold. It is an alert-opened incident like
 * any other (lead on acknowledge, resolve, postmortem); the tipping alert's on-call is paged, since somebody must be.
 */
export function openStormIncident(
  store: Store,
  ctx: Ctx,
  args: { alert: NormalizedAlert; enrichment: Enrichment; priority: Priority; receivedAt: string },
): Incident {
  const guard = ctx.settings.alertPolicy.storm_guard;
  const incident = openIncidentFromAlert(store, ctx, {
    ...args,
    service: null,
    title: `Alert storm: more than ${guard.max_war_rooms} war rooms within ${guard.window_minutes} min`,
    // One service's standing call is not the storm's.
    bridgeUrl: null,
  });
  const now = ctx.now().toISOString();
  store.storms.insert({
    incidentId: incident.id,
    startedAt: now,
    lastJoinedAt: now,
    rolledUpAt: now,
    maxWarRooms: guard.max_war_rooms,
    windowMinutes: guard.window_minutes,
    joined: 0,
  });
  return incident;
}
