import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ValidationError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { loadDraftPostmortem } from './load-postmortem.js';
import { MAX_WHYS, nextQuestion, type PostmortemWhy } from './postmortem.js';

export const AddWhyInput = z.object({
  incidentId: z.number().int(),
  answer: z.string().trim().min(2).max(1000),
  /** Default: the current chain. */
  chain: z.number().int().positive().optional(),
  /** The depth the person was asked (a modal or form knows it): refused if someone answered it meanwhile. */
  depth: z.number().int().positive().optional(),
  via: z.enum(['command', 'form']).default('command'),
});
export type AddWhyInput = z.input<typeof AddWhyInput>;

/**
 * Saves one answer of a causal chain, at once and on its own: the answer becomes the next question.
 * A chain stops at five whys; a further cause starts another chain.
 */
export function addWhy({ ctx, input }: { ctx: Ctx; input: AddWhyInput }): PostmortemWhy {
  const parsed = AddWhyInput.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(
      (fmt) =>
        `Write the answer after ${fmt.code('why')} (up to 1000 characters): ${fmt.command('postmortem why the deploy shipped a bad config')}.`,
    );
  const { incidentId, answer, via } = parsed.data;
  const author = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const postmortem = loadDraftPostmortem(store, incident);
    const chain = parsed.data.chain ?? postmortem.currentChain;
    if (chain > postmortem.currentChain)
      throw new ValidationError(
        (fmt) => `There is no causal chain ${chain} yet. Start one with ${fmt.command('postmortem chain')}.`,
      );
    const whys = store.postmortems.whys(postmortem.id).filter((w) => w.chain === chain);
    const previous = whys.at(-1) ?? null;
    const depth = whys.length + 1;
    if (parsed.data.depth !== undefined && parsed.data.depth !== depth) {
      const taken = whys.find((w) => w.depth === parsed.data.depth);
      throw new ConflictError(
        taken
          ? `Why ${taken.depth} of chain ${chain} was answered meanwhile: "${taken.answer}". Your answer was not saved; ${depth > MAX_WHYS ? 'that chain is complete' : `answer Why ${depth} instead`}.`
          : `Chain ${chain} is at Why ${depth}; answer that one.`,
      );
    }
    if (depth > MAX_WHYS) {
      throw new ConflictError(
        (fmt) =>
          `Chain ${chain} already has ${MAX_WHYS} whys. Start another causal chain with ${fmt.command('postmortem chain')}, or set the category: ${fmt.command('postmortem category <category>')}.`,
      );
    }
    const at = ctx.now().toISOString();
    const question = nextQuestion(postmortem.problem, previous?.answer ?? null);
    const why = store.postmortems.insertWhy({
      postmortemId: postmortem.id,
      chain,
      depth,
      question,
      answer,
      author,
      at,
    });
    store.postmortems.update(postmortem.id, { updatedAt: at });
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'postmortem.why_added', payload: { chain, depth, question, answer, via } },
      { header: false },
    );
    return why;
  });
}
