import { z } from 'zod';
import { isWarroomError } from '../core/errors.js';
import type { FormHandler } from './define-form.js';
import { submitDeclareForm } from './declare-form.js';
import { submitDismissForm } from './dismiss-form.js';
import { FORM_IDS, type FormId } from './form-view.js';
import type { InteractionEnv, InteractionResult } from './interaction.js';
import { submitPostmortemDetailsForm } from './postmortem-details-submission.js';
import { submitPostmortemSummaryForm } from './postmortem-summary-submission.js';
import { submitPostmortemWhyForm } from './postmortem-why-submission.js';
import { submitRejectForm } from './reject-form.js';
import { submitSkipForm } from './skip-form.js';
import { submitStatusForm } from './status-form.js';

const FORMS: Record<FormId, FormHandler> = {
  declare: submitDeclareForm,
  update_status: submitStatusForm,
  dismiss_alert: submitDismissForm,
  skip_step: submitSkipForm,
  reject_action: submitRejectForm,
  postmortem_why: submitPostmortemWhyForm,
  postmortem_details: submitPostmortemDetailsForm,
  postmortem_summary: submitPostmortemSummaryForm,
};

/** A submitted form as every surface decodes it: which form, its context echoed back, the values by field id. */
export const FormSubmission = z.object({
  formId: z.enum(FORM_IDS),
  context: z.record(z.string(), z.unknown()),
  values: z.record(z.string(), z.string().optional()),
});
export type FormSubmission = z.infer<typeof FormSubmission>;

/**
 * Submits a form, the same on every surface. A refusal the core makes (bad input, wrong state) goes back under the
 * form's main field unless the form put it under a field of its own; anything else is thrown for the adapter to log.
 */
export function submitForm(input: FormSubmission, env: InteractionEnv): InteractionResult {
  const { formId, context, values } = FormSubmission.parse(input);
  const form = FORMS[formId];
  try {
    return form.submit(context, values, env);
  } catch (error) {
    if (isWarroomError(error)) return { type: 'form-errors', errors: { [form.mainField]: error.message } };
    throw error;
  }
}
