import { z } from 'zod';
import { skipStep } from '../core/playbook/act-on-step.js';
import { defineForm } from './define-form.js';
import type { FormView } from './form-view.js';
import { reasonForm } from './reason-form.js';

/** `about` is the step's title, formatted. */
export function skipForm(runId: number, stepId: string, about: string, channelId: string): FormView {
  return reasonForm({
    id: 'skip_step',
    title: 'Skip step',
    submit: 'Skip',
    label: 'Why skip it?',
    about,
    context: { runId, stepId, channelId },
  });
}

/** The skip form: the reason is required (the verb says how much) and the checklist then shows it. */
export const submitSkipForm = defineForm({
  id: 'skip_step',
  mainField: 'reason',
  context: z.object({ runId: z.coerce.number().int(), stepId: z.string().min(1), channelId: z.string() }),
  stale: 'This dialog is out of date; press the button again.',
  submit({ runId, stepId }, values, { ctx }) {
    skipStep({ ctx, input: { runId, stepId, reason: values.reason ?? '', via: 'form' } });
    return { type: 'done' };
  },
});
