import type { FormView } from './form-view.js';

/** A form that only asks "why" (skip a step, reject an action, dismiss an alert): the reason is required and recorded. */
export function reasonForm(o: {
  id: FormView['id'];
  title: string;
  submit: string;
  label: string;
  context: FormView['context'];
  placeholder?: string;
  /** What the reason is for (the step's title), formatted. */
  about?: string;
}): FormView {
  return {
    id: o.id,
    title: o.title,
    submit: o.submit,
    cancel: 'Cancel',
    context: o.context,
    notes: o.about ? [{ text: o.about }] : [],
    fields: [
      {
        id: 'reason',
        label: o.label,
        kind: 'text',
        maxLength: 500,
        required: true,
        ...(o.placeholder ? { placeholder: o.placeholder } : {}),
      },
    ],
  };
}
