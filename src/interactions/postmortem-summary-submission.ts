import { z } from 'zod';
import { defineForm } from './define-form.js';

/** The finalized summary has no submit button; a submission that arrives anyway (an old dialog) only closes it. */
export const submitPostmortemSummaryForm = defineForm({
  id: 'postmortem_summary',
  mainField: 'next',
  context: z.object({}).passthrough(),
  stale: 'This dialog is out of date.',
  submit: () => ({ type: 'done' }),
});
