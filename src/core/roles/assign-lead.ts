import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ValidationError, type WarroomError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { closedRefusal } from '../incident/require-open.js';
import { requirePerson } from '../incident/require-person.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';

export const AssignLeadInput = z.object({
  incidentId: z.number().int(),
  userId: z.string().min(1),
  via: z.enum(['command', 'button']).default('command'),
});
export type AssignLeadInput = z.input<typeof AssignLeadInput>;

/** Why `userId` cannot take the lead now (the incident is closed, or they lead it already), or null when they can. */
export function leadRefusal(incident: Incident, userId: string): WarroomError | null {
  const closed = closedRefusal(incident);
  if (closed) return closed;
  return incident.leadId === userId ? new ConflictError(`That person already leads ${incident.ref}.`) : null;
}

/** Hands the lead to someone. There is always exactly one lead: the handover names both. */
export function assignLead({ ctx, input }: { ctx: Ctx; input: AssignLeadInput }): Incident {
  const parsed = AssignLeadInput.safeParse(input);
  if (!parsed.success) throw new ValidationError((fmt) => `Say who leads: ${fmt.command('lead @user')}.`);
  const { incidentId, userId, via } = parsed.data;
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const refusal = leadRefusal(incident, userId);
    if (refusal) throw refusal;
    const updated = store.incidents.update(incident.id, { leadId: userId, updatedAt: ctx.now().toISOString() });
    const entry = recordIncidentChange(
      store,
      ctx,
      updated,
      { kind: 'lead.assigned', payload: { from: incident.leadId, to: userId, via } },
      { post: true, invite: [userId] },
    );
    // A handover: the new lead gets the brief (where it stands, open steps, clocks, latest) only they see.
    if (incident.leadId !== null) {
      enqueueDelivery(store, {
        key: `inc${incident.id}.brief.lead.${entry.seq}`,
        now: ctx.now(),
        intent: { type: 'warroom.brief', incidentId: incident.id, userId, handover: true },
      });
    }
    return updated;
  });
}
