import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { loadDraftPostmortem } from './load-postmortem.js';

export const StartCausalChainInput = z.object({
  incidentId: z.number().int(),
  via: z.enum(['command', 'form']).default('command'),
});
export type StartCausalChainInput = z.input<typeof StartCausalChainInput>;

/** Opens another causal chain (incidents rarely have one cause); the next whys answer it. Returns its number. */
export function startCausalChain({ ctx, input }: { ctx: Ctx; input: StartCausalChainInput }): number {
  const { incidentId, via } = StartCausalChainInput.parse(input);
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const postmortem = loadDraftPostmortem(store, incident);
    const current = postmortem.currentChain;
    if (!store.postmortems.whys(postmortem.id).some((w) => w.chain === current)) {
      throw new ConflictError(
        (fmt) =>
          `Causal chain ${current} has no answers yet. Answer its first why: ${fmt.command('postmortem why <answer>')}.`,
      );
    }
    const chain = current + 1;
    store.postmortems.update(postmortem.id, { currentChain: chain, updatedAt: ctx.now().toISOString() });
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'postmortem.chain_started', payload: { chain, via } },
      { header: false },
    );
    return chain;
  });
}
