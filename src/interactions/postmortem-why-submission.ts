import { z } from 'zod';
import { addWhy } from '../core/postmortem/add-why.js';
import { loadPostmortemView } from '../core/postmortem/describe-postmortem.js';
import { setPostmortemProblem } from '../core/postmortem/set-postmortem-problem.js';
import { startCausalChain } from '../core/postmortem/start-causal-chain.js';
import { defineForm } from './define-form.js';
import { fieldErrors } from './field-errors.js';
import { openPostmortem } from './open-postmortem.js';
import { leadsPostmortem, postmortemDetailsForm } from './postmortem-forms.js';
import { PM_NEXT } from './postmortem-next.js';

const Next = z.enum([PM_NEXT.next, PM_NEXT.chain, PM_NEXT.details]).catch(PM_NEXT.next);

/**
 * A why answered. Each part is saved by its own verb (one transaction each) before the form moves on, so closing it
 * at any point loses nothing, and a refusal under one field keeps what was saved before it. The next why replaces
 * the form.
 */
export const submitPostmortemWhyForm = defineForm({
  id: 'postmortem_why',
  mainField: 'answer',
  context: z.object({
    incidentId: z.coerce.number().int(),
    channelId: z.string(),
    chain: z.coerce.number().int(),
    depth: z.coerce.number().int(),
  }),
  stale: 'This dialog is out of date; press Start postmortem again.',
  submit({ incidentId, channelId, chain, depth }, values, env) {
    const { ctx, fmt } = env;
    const answer = (values.answer ?? '').trim();
    const problem = (values.problem ?? '').trim();
    const next = Next.parse(values.next);
    if (answer === '' && next !== PM_NEXT.details)
      return { type: 'form-errors', errors: { answer: 'Write the answer: it becomes the next question.' } };
    const errors = fieldErrors([
      // Sent back unchanged (it is pre-filled), the statement changes nothing.
      ['problem', () => problem && setPostmortemProblem({ ctx, input: { incidentId, problem, via: 'form' } })],
      ['answer', () => answer && addWhy({ ctx, input: { incidentId, answer, chain, depth, via: 'form' } })],
      // The answer is saved by now: another chain is its own step, and refusing it keeps the answer.
      ['next', () => next === PM_NEXT.chain && startCausalChain({ ctx, input: { incidentId, via: 'form' } })],
    ]);
    if (errors) return { type: 'form-errors', errors };
    const view = loadPostmortemView(ctx.store, incidentId);
    if (!view) return { type: 'done' };
    if (next === PM_NEXT.details)
      return { type: 'open-form', form: postmortemDetailsForm(view, channelId, leadsPostmortem(view, ctx.actor), fmt) };
    return openPostmortem(view, channelId, env);
  },
});
