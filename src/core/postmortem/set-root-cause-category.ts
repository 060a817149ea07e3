import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { flagRecurrencesIn } from './flag-recurrences.js';
import { loadDraftPostmortem } from './load-postmortem.js';
import { parseRootCauseCategory, ROOT_CAUSE_CATEGORIES, type Postmortem } from './postmortem.js';

export const SetRootCauseCategoryInput = z.object({
  incidentId: z.number().int(),
  category: z.string(),
  via: z.enum(['command', 'form']).default('command'),
});
export type SetRootCauseCategoryInput = z.input<typeof SetRootCauseCategoryInput>;

/** Sets the root-cause category; an earlier incident on the same service with the same category is flagged as a recurrence. */
export function setRootCauseCategory({ ctx, input }: { ctx: Ctx; input: SetRootCauseCategoryInput }): Postmortem {
  const { incidentId, category: typed, via } = SetRootCauseCategoryInput.parse(input);
  const category = parseRootCauseCategory(typed);
  if (!category)
    throw new ValidationError(
      (fmt) =>
        `Pick a root-cause category: ${ROOT_CAUSE_CATEGORIES.join(', ')}. Example: ${fmt.command('postmortem category change-deploy')}.`,
    );
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const postmortem = loadDraftPostmortem(store, incident);
    if (postmortem.category === category) return postmortem;
    const updated = store.postmortems.update(postmortem.id, { category, updatedAt: ctx.now().toISOString() });
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'postmortem.category_set', payload: { from: postmortem.category, to: category, via } },
      { header: false },
    );
    flagRecurrencesIn(store, ctx, incident);
    return updated;
  });
}
