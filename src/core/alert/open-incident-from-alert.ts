import type { Ctx } from '../context.js';
import { MAX_TITLE_LENGTH, warRoomOpenKey } from '../incident/declare-incident.js';
import { formatIncidentRef, type Incident, type Priority } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { warRoomChannelName } from '../incident/war-room-channel-name.js';
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
  },
): Incident {
  const { alert, enrichment, priority, receivedAt, service } = args;
  const person = args.declaredBy ?? null;
  const now = ctx.now();
  const number = store.incidents.nextNumber();
  const title = alert.title.length > MAX_TITLE_LENGTH ? `${alert.title.slice(0, MAX_TITLE_LENGTH - 1)}…` : alert.title;
  let plannedChannelName = warRoomChannelName(number, title);
  for (let n = 2; store.incidents.channelNameInUse(ctx.settings.platform, plannedChannelName); n += 1) plannedChannelName = warRoomChannelName(number, title, n);
  const severity = severityForPriority(priority);
  const incident = store.incidents.insert({
    number,
    ref: formatIncidentRef(number),
    title,
    severity,
    status: 'declared',
    platform: ctx.settings.platform,
    originChannelId: null,
    plannedChannelName,
    channelId: null,
    channelName: null,
    headerMessageId: null,
    alertsMessageId: null,
    leadId: person,
    declaredBy: person,
    origin: 'alert',
    priority,
    service,
    detectedAt: alert.startsAt ?? receivedAt,
    alertReceivedAt: receivedAt,
    declaredAt: now.toISOString(),
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: now.toISOString(),
  });
  enqueueDelivery(store, { key: warRoomOpenKey(incident.id), now, intent: { type: 'warroom.open', incidentId: incident.id } });
  recordIncidentChange(store, ctx, incident, { kind: 'incident.declared', payload: { ref: incident.ref, title, severity, lead: person, via: person ? 'button' : 'alert' } });
  const oncall = enrichment.service?.oncall;
  const users = (ctx.settings.platform === 'slack' ? oncall?.slack_users : oncall?.sandbox_users) ?? [];
  const group = ctx.settings.platform === 'slack' ? (oncall?.slack_usergroup ?? null) : null;
  if (group || users.length > 0) {
    enqueueDelivery(store, { key: `inc${incident.id}.page`, now, intent: { type: 'warroom.page', incidentId: incident.id, group, users } });
  }
  return incident;
}
