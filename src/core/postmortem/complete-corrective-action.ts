import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { loadCorrectiveAction } from './load-corrective-action.js';
import { actionLabel, type CorrectiveAction } from './postmortem.js';

export const CompleteCorrectiveActionInput = z.object({
  incidentId: z.number().int(),
  number: z.number().int().positive(),
  evidence: z.string().trim().max(1000),
});
export type CompleteCorrectiveActionInput = z.input<typeof CompleteCorrectiveActionInput>;

const LINK = /^https?:\/\/\S+$/i;
const EVIDENCE_ID = /^EV-(\d+)$/i;

/**
 * Marks a corrective action done. "Done" needs proof: a link (the merged change, the new detection rule) or an
 * item of this incident's evidence vault (EV-12). The owner or the lead marks it; someone else verifies it.
 */
export function completeCorrectiveAction({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CompleteCorrectiveActionInput;
}): CorrectiveAction {
  const { incidentId, number, evidence } = CompleteCorrectiveActionInput.parse(input);
  const userId = requirePerson(ctx.actor);
  const first = evidence.split(/\s+/)[0] ?? '';
  if (!LINK.test(first) && !EVIDENCE_ID.test(first)) {
    throw new ValidationError(
      (fmt) =>
        `A${number} is done only with proof: a link or an evidence id. ${fmt.command(`action done A${number} https://git.example.com/infra/pull/42`)} or ${fmt.command(`action done A${number} EV-3`)}.`,
    );
  }
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const action = loadCorrectiveAction(store, incident, number);
    const evidenceId = EVIDENCE_ID.exec(first)?.[1];
    if (evidenceId && store.evidence.item(Number(evidenceId))?.incidentId !== incident.id) {
      throw new ValidationError(
        (fmt) =>
          `${first.toUpperCase()} is not in the ${incident.ref} evidence vault. ${fmt.command('evidence list')} shows what is.`,
      );
    }
    if (action.status !== 'open') throw new ConflictError(`${actionLabel(action)} is already ${action.status}.`);
    if (userId !== action.ownerId && userId !== incident.leadId) {
      throw new ForbiddenError(
        `${actionLabel(action)} belongs to its owner; they (or the incident lead) mark it done.`,
      );
    }
    const updated = store.postmortems.updateAction(action.id, {
      status: 'done',
      evidence,
      doneBy: userId,
      doneAt: ctx.now().toISOString(),
    });
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'corrective_action.done', payload: { number, title: action.title, evidence } },
      { header: false, post: true },
    );
    return updated;
  });
}
