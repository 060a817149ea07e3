import { whoToPage } from './who-to-page.js';
import type { Ctx } from '../context.js';
import { MAX_TITLE_LENGTH } from '../incident/declare-incident.js';
import { openIncident } from '../incident/open-incident.js';
import type { Incident, Priority } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Store } from '../store-port.js';
import type { Enrichment } from './catalog-types.js';
import type { NormalizedAlert } from './normalized-alert.js';
import { severityForPriority } from './priority-policy.js';

/**
 * Opens an incident for an alert at or above the war-room threshold: no lead until a person acknowledges,
 * severity from priority, and the owning team paged (their on-call group mentioned and invited).
 */
export function openIncidentFromAlert(
  store: Store,
  ctx: Ctx,
  args: {
    alert: NormalizedAlert;
    enrichment: Enrichment;
    priority: Priority;
    receivedAt: string;
    service: string | null;
    /** The person who declared it from triage (they lead it); null when the alert itself opens it. */
    declaredBy?: string | null;
    /** A drill's tag: the incident is marked, titled [DRILL], and nobody is paged. */
    drillTag?: string | null;
    /** Instead of the alert's title (a storm incident is about many alerts). */
    title?: string;
    /** Instead of the service's standing bridge (undefined: the catalog's). */
    bridgeUrl?: string | null;
  },
): Incident {
  const { alert, enrichment, priority, receivedAt, service } = args;
  const person = args.declaredBy ?? null;
  const now = ctx.now();
  const drillTag = args.drillTag ?? null;
  const base = args.title ?? alert.title;
  const full = drillTag ? `[DRILL] ${base}` : base;
  const title = full.length > MAX_TITLE_LENGTH ? `${full.slice(0, MAX_TITLE_LENGTH - 1)}…` : full;
  const severity = severityForPriority(priority);
  const incident = openIncident(store, ctx, {
    title,
    severity,
    originChannelId: null,
    leadId: person,
    declaredBy: person,
    origin: 'alert',
    priority,
    service,
    detectedAt: alert.startsAt ?? receivedAt,
    alertReceivedAt: receivedAt,
    drillTag,
    // A drill must not call people into the team's real bridge.
    bridgeUrl: drillTag
      ? null
      : args.bridgeUrl !== undefined
        ? args.bridgeUrl
        : (enrichment.service?.bridge_url ?? null),
  });
  recordIncidentChange(store, ctx, incident, {
    kind: 'incident.declared',
    payload: { ref: incident.ref, title, severity, lead: person, via: person ? 'button' : 'alert' },
  });
  if (incident.bridgeUrl)
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'bridge.set', payload: { url: incident.bridgeUrl, previous: null, via: 'alert' } },
      { header: false },
    );
  const { group, users } = whoToPage(ctx.settings.platform, enrichment.service?.oncall);
  // Drills exercise the war room, not the on-call people.
  if (!drillTag && (group || users.length > 0)) {
    enqueueDelivery(store, {
      key: `inc${incident.id}.page`,
      now,
      intent: { type: 'warroom.page', incidentId: incident.id, group, users },
    });
  }
  return incident;
}
