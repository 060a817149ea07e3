import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Fmt } from '../fmt.js';
import type { AlertRecord } from '../alert/alert-record.js';
import type { Enrichment } from '../alert/catalog-types.js';
import type { NormalizedAlert } from '../alert/normalized-alert.js';
import { openIncidentFromAlert } from '../alert/open-incident-from-alert.js';
import type { Incident } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import { attachMatchingPlaybooks } from '../playbook/attach-playbook.js';
import type { Store } from '../store-port.js';

/** Alerts moved that get an `alert.received` entry each in the new incident; the `storm.split` entry lists them all. */
const ENTRIES_PER_ALERT = 50;

/** One service's alerts (any casing), or one alert, of a storm. */
export const StormSplitTarget = z.union([
  z.object({ service: z.string().trim().min(1).max(200) }).strict(),
  z.object({ alertId: z.number().int().positive() }).strict(),
]);
export type StormSplitTarget = z.infer<typeof StormSplitTarget>;

export const DeclareSeparatelyInput = z.object({
  stormIncidentId: z.number().int(),
  target: StormSplitTarget,
  via: z.enum(['button', 'command']).default('button'),
});

export interface DeclaredSeparately {
  storm: Incident;
  incident: Incident;
  /** What was split out, as people call it: the service, or the alert's title. */
  what: string;
  alerts: number;
}

function members(store: Store, stormIncidentId: number, target: StormSplitTarget): AlertRecord[] {
  const all = store.alerts.forIncident(stormIncidentId);
  if ('alertId' in target) return all.filter((a) => a.id === target.alertId);
  const wanted = target.service.toLowerCase();
  return all.filter((a) => a.service?.toLowerCase() === wanted);
}

/** Why nothing can leave the storm any more (it is closed), or null: a card drawn for a viewer then drops the buttons. */
export function splitRefusal(storm: Incident): ConflictError | null {
  if (storm.status !== 'closed') return null;
  return new ConflictError(
    (fmt) =>
      `${storm.ref} is closed: its alerts stay with it. Declare a new incident with ${fmt.command('declare <title>')}.`,
  );
}

/**
 * "Declare separately" on a storm: the service's (or the one alert's) alerts leave the storm for an incident of their
 * own, led by the person who pressed it, with its own war room. Both timelines say so; both rolled-up messages update.
 */
export function declareSeparately({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof DeclareSeparatelyInput>;
}): DeclaredSeparately {
  const { stormIncidentId, target, via } = DeclareSeparatelyInput.parse(input);
  const person = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const storm = store.incidents.byId(stormIncidentId);
    if (!storm || !store.storms.byIncident(stormIncidentId)) {
      throw new NotFoundError(
        `${storm?.ref ?? `Incident #${stormIncidentId}`} is not an alert storm: declaring separately works in a storm's war room.`,
      );
    }
    const closed = splitRefusal(storm);
    if (closed) throw closed;
    const moving = members(store, storm.id, target);
    const label = 'service' in target ? target.service : `alert #${target.alertId}`;
    if (moving.length === 0) {
      throw new ConflictError(
        `No alert of ${label} is in ${storm.ref} any more: it was declared separately already, or never joined this storm.`,
      );
    }
    // The most urgent alert leads (its priority, title and on-call); ties go to the first received.
    const lead = [...moving].sort((a, b) => a.priority.localeCompare(b.priority) || a.id - b.id)[0] as AlertRecord;
    const what = 'service' in target ? (lead.service ?? target.service) : lead.title;
    const incident = openIncidentFromAlert(store, ctx, {
      alert: JSON.parse(lead.normalized) as NormalizedAlert,
      enrichment: JSON.parse(lead.enrichment) as Enrichment,
      priority: lead.priority,
      receivedAt: lead.firstReceivedAt,
      service: lead.service,
      declaredBy: person,
    });
    for (const alert of moving) store.alerts.update(alert.id, { incidentId: incident.id });
    for (const alert of moving.slice(0, ENTRIES_PER_ALERT)) {
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
            reason: `declared separately from ${storm.ref}`,
          },
        },
        { header: false },
      );
    }
    const payload = { from: storm.ref, to: incident.ref, what, alertIds: moving.map((a) => a.id), by: person, via };
    const onStorm = recordIncidentChange(
      store,
      ctx,
      storm,
      { kind: 'storm.split', payload },
      { header: false, post: true },
    );
    recordIncidentChange(store, ctx, incident, { kind: 'storm.split', payload }, { header: false });
    attachMatchingPlaybooks(store, ctx, incident);
    const now = ctx.now();
    enqueueDelivery(store, {
      key: `inc${storm.id}.t${onStorm.seq}.alerts`,
      now,
      intent: { type: 'warroom.alerts', incidentId: storm.id },
    });
    enqueueDelivery(store, {
      key: `inc${incident.id}.alerts.split`,
      now,
      intent: { type: 'warroom.alerts', incidentId: incident.id },
    });
    return { storm, incident, what, alerts: moving.length };
  });
}

/** What the person who split it out is told, from a button or a typed command alike. */
export function describeDeclaredSeparately(result: DeclaredSeparately, fmt: Fmt): string {
  const n = result.alerts;
  return `Declared ${result.what} separately as ${fmt.bold(result.incident.ref)} (${n} alert${n === 1 ? '' : 's'} moved out of ${result.storm.ref}). You lead it; its war room #${result.incident.plannedChannelName} is opening.`;
}
