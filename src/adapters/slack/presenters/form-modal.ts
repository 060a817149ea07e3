import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { isTextField, type FormField, type FormView } from '../../../interactions/index.js';
import { blockOfField, FORM } from '../ids.js';

/** Slack's limits: modal title, submit and close 24 characters; input labels 2000; options 75; section text 3000. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max) });

function element(field: FormField, actionId: string) {
  if (isTextField(field)) {
    return {
      type: 'plain_text_input' as const,
      action_id: actionId,
      ...(field.kind === 'long-text' ? { multiline: true } : {}),
      max_length: field.maxLength,
      ...(field.initial !== undefined ? { initial_value: field.initial } : {}),
      ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
    };
  }
  const options: PlainTextOption[] = field.options.map((o) => ({ text: plain(o.label, 75), value: o.value }));
  const initial = options.find((o) => o.value === field.initial);
  return {
    type: field.kind === 'choice' ? ('radio_buttons' as const) : ('static_select' as const),
    action_id: actionId,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** A shared form drawn as a modal: notes as sections (quiet ones as context), each field an input block. */
export function formModal(form: FormView): ModalView {
  const blocks: KnownBlock[] = form.notes.map((note) =>
    note.quiet
      ? { type: 'context', elements: [{ type: 'mrkdwn', text: clip(note.text, 3000) }] }
      : { type: 'section', text: { type: 'mrkdwn', text: clip(note.text, 3000) } },
  );
  for (const field of form.fields) {
    const id = blockOfField(field.id);
    blocks.push({
      type: 'input',
      block_id: id,
      ...(field.required ? {} : { optional: true }),
      label: plain(field.label, 2000),
      ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
      element: element(field, id),
    } as KnownBlock);
  }
  return {
    type: 'modal',
    callback_id: FORM[form.id],
    private_metadata: JSON.stringify(form.context),
    title: plain(form.title, 24),
    ...(form.submit ? { submit: plain(form.submit, 24) } : {}),
    close: plain(form.cancel, 24),
    blocks,
  };
}

/** Refusals under their fields, by Slack block id (Slack shows each under its input). */
export function modalErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [blockOfField(field), clip(message, 1900)]),
  );
}
