import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import type { Postmortem } from './postmortem.js';

export const StartPostmortemInput = z.object({
  incidentId: z.number().int(),
  via: z.enum(['command', 'button', 'form']).default('command'),
});
export type StartPostmortemInput = z.input<typeof StartPostmortemInput>;

/**
 * Starts the incident's postmortem, its problem statement pre-filled from the incident; starting it again
 * returns the one that exists (two people pressing the button get the same draft).
 */
export function startPostmortem({ ctx, input }: { ctx: Ctx; input: StartPostmortemInput }): {
  postmortem: Postmortem;
  started: boolean;
} {
  const { incidentId, via } = StartPostmortemInput.parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const existing = store.postmortems.forIncident(incident.id);
    if (existing) return { postmortem: existing, started: false };
    if (incident.status !== 'resolved' && incident.status !== 'closed') {
      throw new ConflictError(
        (fmt) =>
          `${incident.ref} is ${incident.status}. The postmortem starts once it is resolved: ${fmt.command('status resolved')}, then ${fmt.command('postmortem')}.`,
      );
    }
    const now = ctx.now().toISOString();
    const postmortem = store.postmortems.insert({
      incidentId: incident.id,
      state: 'draft',
      problem: incident.title,
      category: null,
      currentChain: 1,
      startedBy: userId,
      startedAt: now,
      updatedAt: now,
      finalizedBy: null,
      finalizedAt: null,
      markdown: null,
    });
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'postmortem.started', payload: { problem: postmortem.problem, via } },
      { header: false, post: true },
    );
    return { postmortem, started: true };
  });
}
