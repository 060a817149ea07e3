import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError } from '../errors.js';
import type { TimelineEvent } from '../timeline/timeline-event.js';
import type { Incident } from './incident.js';
import { loadIncident } from './load-incident.js';
import { recordIncidentChange } from './record-incident-change.js';
import { requireOpen } from './require-open.js';
import { requirePerson } from './require-person.js';
import { recordCheckpoint } from '../timeline/record-checkpoint.js';

export const AcknowledgeIncidentInput = z.object({
  incidentId: z.number().int(),
  via: z.enum(['command', 'button']).default('button'),
});
export type AcknowledgeIncidentInput = z.input<typeof AcknowledgeIncidentInput>;

/** First human acknowledgement (the MTTA clock stops here); a declared incident moves to investigating. */
export function acknowledgeIncident({ ctx, input }: { ctx: Ctx; input: AcknowledgeIncidentInput }): Incident {
  const { incidentId, via } = AcknowledgeIncidentInput.parse(input);
  const by = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    requireOpen(incident);
    if (incident.acknowledgedAt)
      throw new ConflictError(`${incident.ref} was already acknowledged at ${incident.acknowledgedAt}.`);
    const now = ctx.now().toISOString();
    const nextStatus = incident.status === 'declared' ? 'investigating' : incident.status;
    // An alert-opened incident has no lead yet: whoever acknowledges first takes it.
    const updated = store.incidents.update(incident.id, {
      acknowledgedAt: now,
      status: nextStatus,
      leadId: incident.leadId ?? by,
      updatedAt: now,
    });
    const events: Array<{ event: TimelineEvent; post: boolean }> = [
      { event: { kind: 'incident.acknowledged', payload: { by, via } }, post: true },
    ];
    if (incident.leadId === null)
      events.push({ event: { kind: 'lead.assigned', payload: { from: null, to: by, via } }, post: true });
    if (nextStatus !== incident.status) {
      events.push({
        event: { kind: 'status.changed', payload: { from: incident.status, to: nextStatus, note: null, via } },
        post: false,
      });
    }
    // One header refresh, after the last entry.
    events.forEach(({ event, post }, i) =>
      recordIncidentChange(store, ctx, updated, event, { post, header: i === events.length - 1 }),
    );
    if (nextStatus !== incident.status) recordCheckpoint(store, ctx, updated);
    return updated;
  });
}
