import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import type { Incident } from './incident.js';
import { loadIncident } from './load-incident.js';
import { recordIncidentChange } from './record-incident-change.js';
import { requirePerson } from './require-person.js';
import { requireFinalizedPostmortem } from '../postmortem/require-finalized-postmortem.js';
import { recordCheckpoint } from '../timeline/record-checkpoint.js';
import { endRunningClocks } from '../schedule/end-running-clocks.js';
import { rollUpRepeats } from '../alert/roll-up-repeats.js';

export const CloseIncidentInput = z.object({
  incidentId: z.number().int(),
  via: z.enum(['command', 'button']).default('command'),
});
export type CloseIncidentInput = z.input<typeof CloseIncidentInput>;

/**
 * Closes a resolved incident. Only the lead closes: closing ends the incident for everyone, and ends its regulatory
 * clocks still running (see endRunningClocks).
 */
export function closeIncident({ ctx, input }: { ctx: Ctx; input: CloseIncidentInput }): Incident {
  const { incidentId, via } = CloseIncidentInput.parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    if (incident.status === 'closed') throw new ConflictError(`${incident.ref} is already closed.`);
    if (incident.status !== 'resolved') {
      throw new ConflictError(
        (fmt) =>
          `${incident.ref} is ${incident.status}; resolve it first with ${fmt.command('status resolved')}, then ${fmt.command('close')}.`,
      );
    }
    if (incident.leadId === null) {
      throw new ForbiddenError(
        (fmt) => `${incident.ref} has no lead. Take it with ${fmt.command('lead @you')}, then ${fmt.command('close')}.`,
      );
    }
    if (incident.leadId !== userId) {
      throw new ForbiddenError(
        (fmt) =>
          `Only the incident lead can close ${incident.ref}. Ask them, or take the lead first with ${fmt.command('lead @you')}.`,
      );
    }
    requireFinalizedPostmortem(store, incident, ctx.settings.postmortemRequired);
    // Repeats counted since the last roll-up go on the timeline before the close and its final checkpoint.
    rollUpRepeats(store, ctx, incident);
    const now = ctx.now().toISOString();
    const updated = store.incidents.update(incident.id, { status: 'closed', closedAt: now, updatedAt: now });
    // Clocks still running end here, and the close says which: a duty not recorded as met stays visible.
    const ended = endRunningClocks(store, updated, ctx.now()).map((c) => ({ title: c.title, deadline: c.deadline }));
    recordIncidentChange(
      store,
      ctx,
      updated,
      { kind: 'incident.closed', payload: { via, ...(ended.length > 0 ? { clocksEnded: ended } : {}) } },
      { post: true },
    );
    // The final checkpoint: the close message shows its head, so the whole timeline is published once it is over.
    recordCheckpoint(store, ctx, updated);
    return updated;
  });
}
