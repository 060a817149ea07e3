import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { loadCorrectiveAction } from './load-corrective-action.js';
import { actionLabel, type CorrectiveAction } from './postmortem.js';

export const VerifyCorrectiveActionInput = z.object({
  incidentId: z.number().int(),
  number: z.number().int().positive(),
});
export type VerifyCorrectiveActionInput = z.input<typeof VerifyCorrectiveActionInput>;

/** Confirms a done action meets its verification criterion. Never its owner: a second pair of eyes checks the proof. */
export function verifyCorrectiveAction({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: VerifyCorrectiveActionInput;
}): CorrectiveAction {
  const { incidentId, number } = VerifyCorrectiveActionInput.parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const action = loadCorrectiveAction(store, incident, number);
    const label = actionLabel(action);
    if (action.ownerId === userId)
      throw new ForbiddenError(
        (fmt) =>
          `You own ${label}, so someone else verifies it (against: "${action.verification}"). Ask a teammate to run ${fmt.command(`action verify ${label}`)}.`,
      );
    if (action.status === 'verified') throw new ConflictError(`${label} is already verified.`);
    if (action.status !== 'done')
      throw new ConflictError(
        (fmt) =>
          `${label} is not done yet. Its owner marks it done with proof first: ${fmt.command(`action done ${label} <link or EV-id>`)}.`,
      );
    const updated = store.postmortems.updateAction(action.id, {
      status: 'verified',
      verifiedBy: userId,
      verifiedAt: ctx.now().toISOString(),
    });
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'corrective_action.verified', payload: { number, title: action.title, owner: action.ownerId } },
      { header: false, post: true },
    );
    return updated;
  });
}
