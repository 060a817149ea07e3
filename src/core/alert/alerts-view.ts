import { textView, type ChatView } from '../chat-view.js';
import type { Ctx } from '../context.js';
import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';
import { describeStormSummary } from '../storm/describe-storm-summary.js';
import { describeAlertSummary } from './describe-alert-summary.js';

/**
 * The war room's rolled-up alert message as it stands now: a storm's (with its Declare separately rows) or the plain
 * summary. What the outbox posts and edits, and what a refresh of a storm card draws.
 */
export function alertsView(ctx: Pick<Ctx, 'store'>, incident: Incident, fmt: Fmt): ChatView {
  const alerts = ctx.store.alerts.forIncident(incident.id);
  const storm = ctx.store.storms.byIncident(incident.id);
  if (!storm) return textView(describeAlertSummary(alerts, fmt));
  const splitOut = ctx.store.storms
    .splitOut(incident.id)
    .map((alert) => ({ alert, to: alert.incidentId ? ctx.store.incidents.byId(alert.incidentId) : null }));
  return { kind: 'storm', view: describeStormSummary(incident, storm, alerts, splitOut, fmt) };
}
