import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Store } from '../store-port.js';
import type { AlertRecord } from './alert-record.js';
import type { Enrichment } from './catalog-types.js';
import type { NormalizedAlert } from './normalized-alert.js';
import { openIncidentFromAlert } from './open-incident-from-alert.js';
import { attachMatchingPlaybooks } from '../playbook/attach-playbook.js';

function pendingAlert(store: Store, alertId: number): AlertRecord {
  const alert = store.alerts.byId(alertId);
  if (!alert) throw new NotFoundError(`No alert #${alertId}.`);
  if (alert.triage === 'declared') {
    const ref = alert.incidentId ? store.incidents.byId(alert.incidentId)?.ref : null;
    throw new ConflictError(`Alert #${alert.id} was already declared as an incident${ref ? ` (${ref})` : ''}.`);
  }
  if (alert.triage === 'dismissed')
    throw new ConflictError(`Alert #${alert.id} was already dismissed: ${alert.triageReason ?? 'no reason given'}.`);
  if (alert.triage !== 'pending') throw new ConflictError(`Alert #${alert.id} is not waiting in triage.`);
  return alert;
}

function refreshTriageMessage(store: Store, ctx: Ctx, alert: AlertRecord, what: string): void {
  enqueueDelivery(store, {
    key: `alert${alert.id}.triage.${what}`,
    now: ctx.now(),
    intent: { type: 'triage.post', alertId: alert.id, channel: ctx.settings.alertPolicy.triage_channel },
  });
}

export const DeclareFromTriageInput = z.object({ alertId: z.number().int() });

/** "Declare incident" on a triage alert: opens its war room with the person who pressed it as lead. Once only. */
export function declareFromTriage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof DeclareFromTriageInput>;
}): Incident {
  const { alertId } = DeclareFromTriageInput.parse(input);
  const person = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const alert = pendingAlert(store, alertId);
    const normalized = JSON.parse(alert.normalized) as NormalizedAlert;
    if (normalized.test) {
      throw new ConflictError(
        (fmt) =>
          `Alert #${alert.id} is a test notification from ${alert.source}: there is nothing to declare. Dismiss it with ${fmt.command(`triage dismiss #${alert.id} <why>`)}.`,
      );
    }
    const now = ctx.now().toISOString();
    const incident = openIncidentFromAlert(store, ctx, {
      alert: normalized,
      enrichment: JSON.parse(alert.enrichment) as Enrichment,
      priority: alert.priority,
      receivedAt: alert.firstReceivedAt,
      service: alert.service,
      declaredBy: person,
    });
    const updated = store.alerts.update(alert.id, {
      incidentId: incident.id,
      triage: 'declared',
      triageBy: person,
      triageAt: now,
    });
    recordIncidentChange(
      store,
      ctx,
      incident,
      {
        kind: 'alert.received',
        payload: {
          alertId: alert.id,
          source: alert.source,
          fingerprint: alert.fingerprint,
          title: alert.title,
          severity: alert.severity,
          priority: alert.priority,
          reason: 'declared from triage',
        },
      },
      { header: false },
    );
    attachMatchingPlaybooks(store, ctx, incident);
    enqueueDelivery(store, {
      key: `inc${incident.id}.alerts.declared`,
      now: ctx.now(),
      intent: { type: 'warroom.alerts', incidentId: incident.id },
    });
    refreshTriageMessage(store, ctx, updated, 'declared');
    return incident;
  });
}

export const DismissAlertInput = z.object({
  alertId: z.number().int(),
  reason: z.string().trim().min(3, 'Say why in a few words (it is recorded).').max(500),
});

/** "Dismiss" on a triage alert: recorded with who, when and why; the alert's repeats keep counting, quietly. */
export function dismissAlert({ ctx, input }: { ctx: Ctx; input: z.input<typeof DismissAlertInput> }): AlertRecord {
  const parsed = DismissAlertInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
  const person = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const alert = pendingAlert(store, parsed.data.alertId);
    const updated = store.alerts.update(alert.id, {
      triage: 'dismissed',
      triageBy: person,
      triageAt: ctx.now().toISOString(),
      triageReason: parsed.data.reason,
    });
    refreshTriageMessage(store, ctx, updated, 'dismissed');
    return updated;
  });
}
