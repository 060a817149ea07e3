import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import { loadDraftPostmortem } from './load-postmortem.js';
import { ROOT_CAUSE_CATEGORIES, type Postmortem } from './postmortem.js';
import { loadPostmortemReport } from './postmortem-report.js';
import { renderPostmortemMarkdown } from './render-postmortem-markdown.js';

export const FinalizePostmortemInput = z.object({
  incidentId: z.number().int(),
  via: z.enum(['command', 'form']).default('command'),
});
export type FinalizePostmortemInput = z.input<typeof FinalizePostmortemInput>;

/**
 * The lead publishes the postmortem: it needs at least one answered why and a root-cause category. The Markdown is
 * rendered and stored in the same transaction, and its upload to the war room is queued with it.
 */
export function finalizePostmortem({ ctx, input }: { ctx: Ctx; input: FinalizePostmortemInput }): Postmortem {
  const { incidentId, via } = FinalizePostmortemInput.parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const postmortem = loadDraftPostmortem(store, incident);
    if (incident.leadId !== userId) {
      throw new ForbiddenError(
        `Only the incident lead finalizes the ${incident.ref} postmortem${incident.leadId ? '' : ' (it has no lead)'}. Everyone else can keep adding to it.`,
      );
    }
    const whys = store.postmortems.whys(postmortem.id);
    if (whys.length === 0)
      throw new ConflictError(
        (fmt) => `Answer at least one why before finalizing: ${fmt.command('postmortem why <answer>')}.`,
      );
    if (!postmortem.category) {
      throw new ConflictError(
        (fmt) =>
          `Set the root-cause category before finalizing: ${fmt.command(`postmortem category <${ROOT_CAUSE_CATEGORIES.join('|')}>`)}.`,
      );
    }
    const now = ctx.now();
    const finalized = store.postmortems.update(postmortem.id, {
      state: 'finalized',
      finalizedBy: userId,
      finalizedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const actions = store.postmortems.actions(postmortem.id).length;
    const chains = new Set(whys.map((w) => w.chain)).size;
    recordIncidentChange(
      store,
      ctx,
      incident,
      {
        kind: 'postmortem.finalized',
        payload: { category: postmortem.category, chains, whys: whys.length, actions, via },
      },
      { header: false, post: true },
    );
    // Rendered after the entry so the stored document includes its own finalization.
    const markdown = renderPostmortemMarkdown(loadPostmortemReport(store, incident, finalized), {
      timeZone: ctx.settings.timeZone,
    });
    const stored = store.postmortems.update(postmortem.id, { markdown });
    enqueueDelivery(store, {
      key: `inc${incident.id}.postmortem.file`,
      now,
      intent: { type: 'postmortem.file', incidentId: incident.id },
    });
    return stored;
  });
}
