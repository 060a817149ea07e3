import { z } from 'zod';
import { addPostmortemNote } from '../core/postmortem/add-postmortem-note.js';
import { loadPostmortemView } from '../core/postmortem/describe-postmortem.js';
import { finalizePostmortem } from '../core/postmortem/finalize-postmortem.js';
import type { PostmortemNoteKind } from '../core/postmortem/postmortem.js';
import { setRootCauseCategory } from '../core/postmortem/set-root-cause-category.js';
import { startCausalChain } from '../core/postmortem/start-causal-chain.js';
import { defineForm } from './define-form.js';
import { fieldErrors } from './field-errors.js';
import { openPostmortem } from './open-postmortem.js';
import { leadsPostmortem, postmortemDetailsForm, postmortemSummaryForm } from './postmortem-forms.js';
import { PM_NEXT } from './postmortem-next.js';

const NOTES: Array<[field: string, kind: PostmortemNoteKind]> = [
  ['factor', 'factor'],
  ['went_well', 'went_well'],
  ['lesson', 'lesson'],
];
const Next = z.enum([PM_NEXT.close, PM_NEXT.more, PM_NEXT.chain, PM_NEXT.finalize]).catch(PM_NEXT.close);

/**
 * The details form: the category and each note are saved by their own verb (one transaction each), every one of them
 * even when another is refused; then close, add more, start another chain, or (the lead) finalize — only once all
 * were saved.
 */
export const submitPostmortemDetailsForm = defineForm({
  id: 'postmortem_details',
  mainField: 'next',
  context: z.object({ incidentId: z.coerce.number().int(), channelId: z.string() }),
  stale: 'This dialog is out of date; press Start postmortem again.',
  submit({ incidentId, channelId }, values, env) {
    const { ctx, fmt } = env;
    const next = Next.parse(values.next);
    const category = (values.category ?? '').trim();
    const saves: Array<[string, () => unknown]> = [
      ['category', () => category && setRootCauseCategory({ ctx, input: { incidentId, category, via: 'form' } })],
      ...NOTES.map(([field, kind]): [string, () => unknown] => {
        const text = (values[field] ?? '').trim();
        return [field, () => text && addPostmortemNote({ ctx, input: { incidentId, kind, text, via: 'form' } })];
      }),
    ];
    // Whatever was saved stays saved; the errors say what was not.
    const errors: Record<string, string> = Object.assign({}, ...saves.map((save) => fieldErrors([save]) ?? {}));
    if (Object.keys(errors).length > 0) return { type: 'form-errors', errors };
    const then = fieldErrors([
      ['next', () => next === PM_NEXT.chain && startCausalChain({ ctx, input: { incidentId, via: 'form' } })],
      ['next', () => next === PM_NEXT.finalize && finalizePostmortem({ ctx, input: { incidentId, via: 'form' } })],
    ]);
    if (then) return { type: 'form-errors', errors: then };
    const view = loadPostmortemView(ctx.store, incidentId);
    if (!view || next === PM_NEXT.close) return { type: 'done' };
    if (next === PM_NEXT.finalize) {
      const text = `Postmortem finalized; its Markdown is posted in this channel. ${fmt.command('close')} when you are ready.`;
      return { type: 'open-form', form: postmortemSummaryForm(view, fmt), text };
    }
    if (next === PM_NEXT.more)
      return { type: 'open-form', form: postmortemDetailsForm(view, channelId, leadsPostmortem(view, ctx.actor), fmt) };
    return openPostmortem(view, channelId, env);
  },
});
