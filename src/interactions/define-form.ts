import type { z } from 'zod';
import type { FormId, FormValues } from './form-view.js';
import type { InteractionEnv, InteractionResult } from './interaction.js';

/** A form's submission handler, as the dispatcher calls it: the context arrives as the surface echoed it back. */
export interface FormHandler {
  id: FormId;
  /** Where a refusal that names no field is shown (a verb's rejection, a stale context). */
  mainField: string;
  submit(context: unknown, values: FormValues, env: InteractionEnv): InteractionResult;
}

/**
 * Declares a form's submission: its context is parsed first (a context that does not parse is a form from an older
 * warroom or a hand-made request, refused under the main field with `stale`), then `submit` runs with it.
 */
export function defineForm<C>(o: {
  id: FormId;
  mainField: string;
  context: z.ZodType<C>;
  stale: string;
  submit(context: C, values: FormValues, env: InteractionEnv): InteractionResult;
}): FormHandler {
  return {
    id: o.id,
    mainField: o.mainField,
    submit(context, values, env) {
      const parsed = o.context.safeParse(context);
      if (!parsed.success) return { type: 'form-errors', errors: { [o.mainField]: o.stale } };
      return o.submit(parsed.data, values, env);
    },
  };
}
