import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { loadDraftPostmortem } from './load-postmortem.js';
import type { Postmortem } from './postmortem.js';

export const SetPostmortemProblemInput = z.object({
  incidentId: z.number().int(),
  problem: z.string().trim().min(3).max(1000),
  via: z.enum(['command', 'form']).default('command'),
});
export type SetPostmortemProblemInput = z.input<typeof SetPostmortemProblemInput>;

/** Rewrites the problem statement the first why asks about. Saying the same thing again changes nothing. */
export function setPostmortemProblem({ ctx, input }: { ctx: Ctx; input: SetPostmortemProblemInput }): Postmortem {
  const parsed = SetPostmortemProblemInput.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(
      (fmt) =>
        `State the problem in 3 to 1000 characters: ${fmt.command('postmortem problem Checkout returned 500s for 40 minutes')}.`,
    );
  const { incidentId, problem, via } = parsed.data;
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const postmortem = loadDraftPostmortem(store, incident);
    if (postmortem.problem === problem) return postmortem;
    const updated = store.postmortems.update(postmortem.id, { problem, updatedAt: ctx.now().toISOString() });
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'postmortem.problem_set', payload: { problem, via } },
      { header: false },
    );
    return updated;
  });
}
