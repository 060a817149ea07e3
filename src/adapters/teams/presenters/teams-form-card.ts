import { isTextField, type FormField, type FormValues, type FormView } from '../../../interactions/index.js';
import { FORM_FIELD_PREFIX, TASK_VERB } from '../ids.js';
import type { CardActivity, CardElement, SubmitAction } from './adaptive-card.js';
import { buildCardActivity, type CardContext } from './build-card-activity.js';
import { textBlock } from './card-elements.js';

/** What a dialog's submit button carries: the form itself, echoed back so a refusal can draw it again as it was. */
export interface FormSubmitData extends Record<string, unknown> {
  verb: typeof TASK_VERB.submit;
  form: FormView;
}

/** The name a field's value comes back under (ids.ts: a field cannot shadow `verb` or `form`). */
export const formInputId = (fieldId: string): string => `${FORM_FIELD_PREFIX}${fieldId}`;

function fieldElements(field: FormField, value: string | undefined, error: string | undefined): CardElement[] {
  const id = formInputId(field.id);
  const shown = value ?? field.initial;
  const required = field.required ? { isRequired: true, errorMessage: 'Required.' } : {};
  const input: CardElement = isTextField(field)
    ? {
        type: 'Input.Text',
        id,
        label: field.label,
        maxLength: field.maxLength,
        ...(field.kind === 'long-text' ? { isMultiline: true } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        ...(shown !== undefined ? { value: shown } : {}),
        ...required,
      }
    : {
        type: 'Input.ChoiceSet',
        id,
        label: field.label,
        style: field.kind === 'choice' ? 'expanded' : 'compact',
        choices: field.options.map((o) => ({ title: o.label, value: o.value })),
        ...(shown !== undefined ? { value: shown } : {}),
        ...required,
      };
  return [
    input,
    ...(field.hint ? [textBlock(field.hint, { isSubtle: true, size: 'Small', spacing: 'None' })] : []),
    // The server's refusal, under the field it is about (an input's own errorMessage is only for client checks).
    ...(error ? [textBlock(error, { color: 'Attention', size: 'Small', spacing: 'None' })] : []),
  ];
}

/**
 * A form as the card of a Teams dialog (task module): its notes, one input per field (holding what was typed when
 * drawn again after a refusal, with the refusal under its field), and a submit button that echoes the form back.
 * A read-only form (no submit) has no button: the dialog's own close is its cancel.
 */
export function teamsFormCard(
  form: FormView,
  ctx: CardContext,
  o: { values?: FormValues; errors?: Record<string, string> } = {},
): CardActivity {
  const errors = o.errors ?? {};
  const fieldIds = new Set(form.fields.map((f) => f.id));
  // A refusal under a key that names no field (should not happen; the layer uses each form's main field) still shows.
  const loose = Object.entries(errors).filter(([key]) => !fieldIds.has(key));
  const body: CardElement[] = [
    textBlock(ctx.fmt.text(form.subtitle ? `${form.title} · ${form.subtitle}` : form.title), {
      style: 'heading',
      weight: 'Bolder',
      size: 'Medium',
    }),
    ...form.notes.map((n) => textBlock(n.text, n.quiet ? { isSubtle: true, size: 'Small' } : {})),
    ...loose.map(([, text]) => textBlock(text, { color: 'Attention' })),
    ...form.fields.flatMap((f) => fieldElements(f, o.values?.[f.id], errors[f.id])),
  ];
  const data: FormSubmitData = { verb: TASK_VERB.submit, form };
  const submit: SubmitAction | null =
    form.submit === null ? null : { type: 'Action.Submit', title: form.submit, data, style: 'positive' };
  return buildCardActivity(
    { body, actions: submit ? [submit] : [], summary: ctx.fmt.text(form.title), refresh: null, trimmable: [] },
    ctx,
  );
}
