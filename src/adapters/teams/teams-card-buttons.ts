import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { RESOLVE_ANYWAY_LABEL } from '../../../commands/resolve.js';
import {
  internalErrorText,
  pressButton,
  submitForm,
  type FormValues,
  type FormView,
  type InteractionEnv,
  type InteractionResult,
} from '../../interactions/index.js';
import { coreCtx } from '../adapter-deps.js';
import { kickAfterInteraction } from '../kick-after-interaction.js';
import { INPUT, VERB } from './ids.js';
import { plainTeamsText } from './presenters/build-card-activity.js';
import { resolveTeamsText } from './resolve-teams-text.js';
import { decodeTeamsButton, TEAMS_BUTTON_VERBS } from './teams-button-codec.js';
import { roomOf } from './teams-room.js';
import type { TeamsTurnDeps } from './teams-turn-deps.js';

/** Said to someone Teams sent without an Entra id (a guest from outside the tenant, a hand-made invoke). */
export const NO_PERSON_TEXT = 'warroom buttons work for people of this organization only.';

/**
 * The refresh clause asks for the viewer's card: the outbox already edits every card in place for everyone on each
 * change, so the card shown is current and the answer is a message, which leaves it as it is.
 */
export const REFRESH_TEXT = 'This card is up to date.';

const CARD_INPUTS: ReadonlySet<string> = new Set(Object.values(INPUT));

/**
 * Whether the card the button sits on already holds this form's fields (the reason box of a triage, approval or
 * stage card), so the press submits it at once rather than asking again in a dialog.
 */
const carriedByCard = (form: FormView): boolean =>
  form.fields.length > 0 && form.fields.every((f) => CARD_INPUTS.has(f.id));

/** Teams text for the invoke's message answer: plain (it is shown as such), mentions as names. */
function plain(t: TeamsTurnDeps, text: string): string {
  return plainTeamsText(resolveTeamsText(text, 'plain', t.people, null));
}

/** What the clicker is told, in teamsFmt text. Everyone else sees the change when the outbox edits the card. */
function answerText(t: TeamsTurnDeps, result: InteractionResult): string {
  switch (result.type) {
    case 'private': {
      // A message answer has no buttons: the one a private answer carries ("Resolve anyway") is also a typed command.
      const confirm = result.buttons?.some((b) => b.press.kind === 'resolve' && b.press.confirmed);
      return confirm
        ? `${result.text} (${RESOLVE_ANYWAY_LABEL}: type ${t.fmt.command('resolve anyway')}.)`
        : result.text;
    }
    case 'declared':
    case 'stale':
      return result.text;
    case 'done':
      return 'Done: the card shows it for everyone.';
    case 'form-errors':
      return Object.values(result.errors).join(' ');
    case 'open-form':
      // Only forms the card cannot hold get here (the postmortem); an Action.Execute cannot open a dialog.
      return result.text ?? `${result.form.title}: this opens as a dialog, which this button cannot show.`;
  }
}

/** The press run through the shared layer, its form (when the card carries it) submitted with the card's inputs. */
function press(env: InteractionEnv, decoded: { press: unknown; inputs: FormValues }): InteractionResult {
  const result = pressButton(decoded.press, env);
  if (result.type !== 'open-form' || !carriedByCard(result.form)) return result;
  return submitForm({ formId: result.form.id, context: result.form.context, values: decoded.inputs }, env);
}

/** One button press: decoded, run, and what the clicker alone is told, as plain text. */
export function pressedText(t: TeamsTurnDeps, turn: TurnContext, verb: string, data: unknown): string {
  const a = turn.activity;
  const userId = a.from.aadObjectId;
  if (!userId) return NO_PERSON_TEXT;
  const decoded = decodeTeamsButton(verb, data);
  if ('refused' in decoded) return decoded.refused;
  const requestId = a.id ?? `teams:${verb}`;
  const env: InteractionEnv = {
    ctx: coreCtx(t.deps, { type: 'teams', userId }, requestId),
    fmt: t.fmt,
    channelId: roomOf(t, a),
  };
  let result: InteractionResult;
  try {
    result = press(env, decoded);
  } catch (error) {
    t.deps.logger.error({ err: error, requestId, verb }, 'Teams button failed');
    return internalErrorText(requestId);
  }
  kickAfterInteraction(t.deps);
  return plain(t, answerText(t, result));
}

/**
 * Every warroom button (`Action.Execute`, an `adaptiveCard/action` invoke): the answer is a message only the clicker
 * sees, so a refused click leaves the card as it is; what changed reaches everyone through the outbox, which edits
 * the card in place. The refresh clause is answered the same way (see REFRESH_TEXT).
 */
export function routeCardButtons(app: Application, t: TeamsTurnDeps): void {
  app.adaptiveCards.actionExecute(TEAMS_BUTTON_VERBS, async (turn, _state, data) => {
    const verb = String((turn.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb ?? '');
    return pressedText(t, turn, verb, data);
  });
  app.adaptiveCards.actionExecute(VERB.refresh, async () => REFRESH_TEXT);
}

/**
 * The verb of a button pressed on a client without Universal Actions: it sends the button's `Action.Submit`
 * fallback, a message whose `value` is `{ verb, ...data }` (card-elements.ts); null for any other message.
 */
export function fallbackVerb(turn: TurnContext): string | null {
  const verb = (turn.activity.value as { verb?: unknown } | undefined)?.verb;
  return typeof verb === 'string' && TEAMS_BUTTON_VERBS.includes(verb) ? verb : null;
}
