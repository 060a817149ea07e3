import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requireOpen } from '../incident/require-open.js';
import { requirePerson } from '../incident/require-person.js';

export const AssignRoleInput = z.object({
  incidentId: z.number().int(),
  role: z.string().trim().toLowerCase(),
  userId: z.string().min(1),
  via: z.enum(['command', 'button', 'form']).default('command'),
});
export type AssignRoleInput = z.input<typeof AssignRoleInput>;

/** Gives a responder a role (comms, ops, …) and invites them to the war room. One holder per role. */
export function assignRole({ ctx, input }: { ctx: Ctx; input: AssignRoleInput }): Incident {
  const { incidentId, role, userId, via } = AssignRoleInput.parse(input);
  requirePerson(ctx.actor);
  const roles = ctx.settings.roles;
  if (role === 'lead' || role === 'commander' || role === 'ic') {
    throw new ValidationError((fmt) => `The lead has its own command: ${fmt.command('lead @user')}.`);
  }
  if (!roles.includes(role)) {
    throw new ValidationError(
      (fmt) =>
        `"${role}" is not a role here. Roles: ${roles.join(', ')}. Example: ${fmt.command(`role ${roles[0] ?? 'comms'} @user`)}.`,
    );
  }
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    requireOpen(incident);
    const current = store.roles.get(incident.id, role);
    if (current?.userId === userId) throw new ConflictError(`That person is already ${role} on ${incident.ref}.`);
    const now = ctx.now().toISOString();
    store.roles.upsert({
      incidentId: incident.id,
      role,
      userId,
      assignedBy: requirePerson(ctx.actor),
      assignedAt: now,
    });
    const updated = store.incidents.update(incident.id, { updatedAt: now });
    recordIncidentChange(
      store,
      ctx,
      updated,
      { kind: 'role.assigned', payload: { role, from: current?.userId ?? null, to: userId, via } },
      { post: true, invite: [userId] },
    );
    return updated;
  });
}
