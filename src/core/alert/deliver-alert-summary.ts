import { loadIncident } from '../incident/load-incident.js';
import { rememberAlertsMessage } from '../incident/record-war-room-opened.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { flagRecurrences } from '../postmortem/flag-recurrences.js';
import { alertsView } from './alerts-view.js';

/**
 * `warroom.alerts`: the war room's one rolled-up alert message, posted once and edited in place as alerts arrive (a
 * storm incident's has a Declare separately button per row).
 */
export const deliverAlertSummary: DeliveryHandler<'warroom.alerts'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const roomId = requireWarRoom(incident);
  const view = alertsView(ctx, incident, chat.fmt);
  if (incident.alertsMessageId) await chat.update(roomId, incident.alertsMessageId, view);
  else rememberAlertsMessage({ ctx, input: { incidentId: incident.id, messageId: await chat.post(roomId, view) } });
  // Alerts that joined may carry ATT&CK techniques an earlier incident on this service had.
  flagRecurrences({ ctx, input: { incidentId: incident.id } });
};
