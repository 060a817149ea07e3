import { isTextField, type FormView } from '../../interactions/index.js';
import type { SandboxForm } from './sandbox-blocks.js';

/**
 * A shared form as the web chat's dialog draws it: fields only (its notes are said beside it, as the result's text),
 * the subtitle after the title. Null for a read-only form: the dialog has nothing to show but fields.
 */
export function sandboxForm(form: FormView): SandboxForm | null {
  if (form.submit === null) return null;
  return {
    formId: form.id,
    title: form.subtitle ? `${form.title} — ${form.subtitle}` : form.title,
    submit: form.submit,
    context: form.context,
    fields: form.fields.map((field): SandboxForm['fields'][number] => {
      const { id: name, label, required } = field;
      if (!isTextField(field))
        return {
          name,
          label,
          kind: 'select',
          options: field.options,
          ...(field.initial !== undefined ? { initial: field.initial } : {}),
          required,
        };
      if (field.kind === 'long-text') return { name, label, kind: 'textarea', maxLength: field.maxLength, required };
      return {
        name,
        label,
        kind: 'text',
        maxLength: field.maxLength,
        required,
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        ...(field.initial !== undefined ? { initial: field.initial } : {}),
      };
    }),
  };
}
