import type { Ctx } from '../context.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Store } from '../store-port.js';
import { formatIncidentRef, type Incident } from './incident.js';
import { warRoomChannelName } from './war-room-channel-name.js';

/** Outbox key of the delivery that creates an incident's war room; adapters wait on it to tell the declarer. */
export const warRoomOpenKey = (incidentId: number): string => `inc${incidentId}.open`;

export type IncidentOpening = Pick<
  Incident,
  | 'title'
  | 'severity'
  | 'originChannelId'
  | 'leadId'
  | 'declaredBy'
  | 'origin'
  | 'priority'
  | 'service'
  | 'detectedAt'
  | 'alertReceivedAt'
  | 'drillTag'
> &
  Partial<Pick<Incident, 'bridgeUrl'>>;

/**
 * The shared start of every incident, by a person or an alert: the next number, a free war-room channel name,
 * the row, and the queued war room. Runs in the caller's transaction (SQLite's single writer keeps numbers unique).
 */
export function openIncident(store: Store, ctx: Ctx, opening: IncidentOpening): Incident {
  const now = ctx.now().toISOString();
  const number = store.incidents.nextNumber();
  let plannedChannelName = warRoomChannelName(number, opening.title);
  for (let n = 2; store.incidents.channelNameInUse(ctx.settings.platform, plannedChannelName); n += 1) {
    plannedChannelName = warRoomChannelName(number, opening.title, n);
  }
  const incident = store.incidents.insert({
    ...opening,
    number,
    ref: formatIncidentRef(number),
    status: 'declared',
    platform: ctx.settings.platform,
    plannedChannelName,
    channelId: null,
    channelName: null,
    headerMessageId: null,
    alertsMessageId: null,
    bridgeUrl: opening.bridgeUrl ?? null,
    declaredAt: now,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: now,
  });
  enqueueDelivery(store, {
    key: warRoomOpenKey(incident.id),
    now: ctx.now(),
    intent: { type: 'warroom.open', incidentId: incident.id },
  });
  return incident;
}
