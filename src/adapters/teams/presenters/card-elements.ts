import type { ActionSet, Container, ExecuteAction, SubmitAction, TextBlock, TextInput } from './adaptive-card.js';
import type { Verb } from '../ids.js';

/** A wrapped TextBlock of teamsFmt text (tokens are resolved when the card is built). */
export function textBlock(text: string, o: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...o };
}

/** Button titles are plain text: Teams draws about 20–30 characters before it truncates. */
const clipTitle = (title: string) => (title.length > 75 ? `${title.slice(0, 74)}…` : title);

/**
 * A button. `Action.Execute` needs a 1.4+ client; older Teams clients draw the `fallback` instead, an `Action.Submit`
 * carrying the verb in its data (docs: msteams-docs "Universal Actions … backward compatibility"), so one listener
 * can serve both.
 */
export function execute(
  verb: Verb,
  title: string,
  data: Record<string, unknown>,
  o: Pick<ExecuteAction, 'style' | 'mode'> = {},
): ExecuteAction {
  const t = clipTitle(title);
  return {
    type: 'Action.Execute',
    title: t,
    verb,
    data,
    ...o,
    fallback: { type: 'Action.Submit', title: t, data: { verb, ...data }, ...(o.style ? { style: o.style } : {}) },
  };
}

/**
 * A button that opens a dialog (task module): Action.Execute cannot, so it is an `Action.Submit` whose data says
 * `msteams.type: task/fetch`; Teams then sends a `task/fetch` invoke with this data, routed by its `verb`.
 */
export function taskFetch(
  verb: string,
  title: string,
  data: Record<string, unknown>,
  o: Pick<SubmitAction, 'style'> = {},
): SubmitAction {
  return {
    type: 'Action.Submit',
    title: clipTitle(title),
    data: { msteams: { type: 'task/fetch' }, verb, ...data },
    ...o,
  };
}

export function actionSet(actions: ActionSet['actions']): ActionSet {
  return { type: 'ActionSet', actions };
}

export function container(items: Container['items'], o: Omit<Container, 'type' | 'items'> = {}): Container {
  return { type: 'Container', items, ...o };
}

/** The one free-text box of a card whose buttons may need a reason (Skip, Reject, Dismiss): every button sends it. */
export function reasonInput(id: string, label: string, placeholder: string): TextInput {
  return { type: 'Input.Text', id, label, placeholder, maxLength: 500 };
}
