import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { RESOLVE_ANYWAY_LABEL } from '../../../commands/resolve.js';
import {
  internalErrorText,
  pressButton,
  showCard,
  submitForm,
  type ButtonPress,
  type FormValues,
  type FormView,
  type InteractionEnv,
  type InteractionResult,
  type ShownCard,
} from '../../interactions/index.js';
import { coreCtx } from '../adapter-deps.js';
import { kickAfterInteraction } from '../kick-after-interaction.js';
import { INPUT, VERB } from './ids.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './presenters/adaptive-card.js';
import { plainTeamsText } from './presenters/build-card-activity.js';
import { chatViewCard } from './presenters/chat-view-card.js';
import { confirmResolveCard, type ResolvedFrom } from './presenters/prompt-cards.js';
import { resolveTeamsText } from './resolve-teams-text.js';
import { decodeTeamsButton, TEAMS_BUTTON_VERBS } from './teams-button-codec.js';
import { roomOf } from './teams-room.js';
import type { TeamsTurnDeps } from './teams-turn-deps.js';

/** Said to someone Teams sent without an Entra id (a guest from outside the tenant, a hand-made invoke). */
export const NO_PERSON_TEXT = 'warroom buttons work for people of this organization only.';

/**
 * What an `adaptiveCard/action` invoke is answered with (docs: Adaptive Cards "Universal Action Model", response
 * format): a message the client shows the clicker, a card that replaces the one they see (theirs alone), or an error.
 */
type InvokeAnswer =
  | { type: 'message'; text: string }
  | { type: 'card'; card: AdaptiveCard }
  | { type: 'error'; statusCode: 400 | 500; text: string };

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

/** The confirm question of a press (Resolve while playbook work is open), when that is what it answered. */
function confirmQuestion(result: InteractionResult): string | null {
  if (result.type !== 'private') return null;
  return result.buttons?.some((b) => b.press.kind === 'resolve' && b.press.confirmed) ? result.text : null;
}

/** What the clicker is told, in teamsFmt text. Everyone else sees the change when the outbox edits the card. */
function answerText(t: TeamsTurnDeps, result: InteractionResult): string {
  switch (result.type) {
    case 'private':
      // Only an older client (a message answer, no buttons) gets the question as words: "Resolve anyway" is typed too.
      return confirmQuestion(result)
        ? `${result.text} (${RESOLVE_ANYWAY_LABEL}: type ${t.fmt.command('resolve anyway')}.)`
        : result.text;
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

function envOf(t: TeamsTurnDeps, turn: TurnContext, userId: string, what: string): InteractionEnv {
  const a = turn.activity;
  return {
    ctx: coreCtx(t.deps, { type: 'teams', userId }, a.id ?? `teams:${what}`),
    fmt: t.fmt,
    channelId: roomOf(t, a),
  };
}

/** A press that ran (its result, who pressed, what) or what to say instead (undecodable, nobody, our failure). */
type Pressed = { text: string } | { result: InteractionResult; env: InteractionEnv; press: ButtonPress };

function runPress(t: TeamsTurnDeps, turn: TurnContext, verb: string, data: unknown): Pressed {
  const userId = turn.activity.from.aadObjectId;
  if (!userId) return { text: NO_PERSON_TEXT };
  const decoded = decodeTeamsButton(verb, data);
  if ('refused' in decoded) return { text: decoded.refused };
  const env = envOf(t, turn, userId, verb);
  let result: InteractionResult;
  try {
    result = press(env, decoded);
  } catch (error) {
    t.deps.logger.error({ err: error, requestId: env.ctx.requestId, verb }, 'Teams button failed');
    return { text: internalErrorText(env.ctx.requestId) };
  }
  kickAfterInteraction(t.deps);
  return { result, env, press: decoded.press };
}

/** One button press from a client without Universal Actions: what the clicker alone is told, as plain text. */
export function pressedText(t: TeamsTurnDeps, turn: TurnContext, verb: string, data: unknown): string {
  const pressed = runPress(t, turn, verb, data);
  return 'text' in pressed ? pressed.text : plain(t, answerText(t, pressed.result));
}

/** A shown card as Teams draws it for its viewer: its own refresh clause, the viewer's note under `said` (if any). */
function viewerCard(t: TeamsTurnDeps, shown: Extract<ShownCard, { type: 'card' }>, said?: string): AdaptiveCard {
  const note = [said, shown.note].filter(Boolean).join('\n') || null;
  const ctx = { fmt: t.fmt, people: t.people, refreshUserIds: t.refreshUsers(shown.target), note };
  return chatViewCard(shown.view, ctx).attachments[0].content;
}

/** The card a Resolve was pressed on (its data's `card`; the header when absent), to draw again after the question. */
function resolvedFrom(data: unknown): ResolvedFrom {
  return (data as { card?: unknown } | null)?.card === 'resolve_prompt' ? 'resolve_prompt' : 'header';
}

/**
 * A button press (`Action.Execute`): the answer is only the clicker's, and what changed reaches everyone through the
 * outbox, which edits the card in place. Mostly a message, so a refused click leaves the card as it is. Resolve with
 * playbook work open answers the question as a card with Resolve anyway and Keep it open; Resolve anyway answers with
 * the card it was asked from, drawn again for the clicker with what happened under it.
 */
function pressedAnswer(t: TeamsTurnDeps, turn: TurnContext, verb: string, data: unknown): InvokeAnswer {
  const pressed = runPress(t, turn, verb, data);
  if ('text' in pressed) return { type: 'message', text: pressed.text };
  const { result, env } = pressed;
  if (pressed.press.kind === 'resolve') {
    const from = resolvedFrom(data);
    const question = confirmQuestion(result);
    if (question) {
      const ctx = { fmt: t.fmt, people: t.people };
      return {
        type: 'card',
        card: confirmResolveCard(pressed.press.incidentId, question, ctx, from).attachments[0].content,
      };
    }
    if (pressed.press.confirmed) {
      const shown = showCard({ card: from, incidentId: pressed.press.incidentId }, env);
      if (shown.type === 'card') return { type: 'card', card: viewerCard(t, shown, answerText(t, result)) };
    }
  }
  return { type: 'message', text: plain(t, answerText(t, result)) };
}

/**
 * The refresh clause (Teams invokes it as a card is shown to someone in its userIds, or when anyone picks Refresh) and
 * Keep it open: the card drawn from the current state for that person (the shared layer's showCard). A card that
 * cannot be drawn (out of date, another channel's, gone) is an error when the refresh was automatic, so the card
 * already shown stays, and a message when someone asked.
 */
function refreshAnswer(t: TeamsTurnDeps, turn: TurnContext, data: unknown): InvokeAnswer {
  const asked = (turn.activity.value as { trigger?: unknown } | undefined)?.trigger === 'manual';
  const refused = (statusCode: 400 | 500, text: string): InvokeAnswer =>
    asked ? { type: 'message', text } : { type: 'error', statusCode, text };
  const userId = turn.activity.from.aadObjectId;
  if (!userId) return refused(400, NO_PERSON_TEXT);
  const env = envOf(t, turn, userId, VERB.refresh);
  try {
    const shown = showCard(data, env);
    return shown.type === 'card' ? { type: 'card', card: viewerCard(t, shown) } : refused(400, shown.text);
  } catch (error) {
    t.deps.logger.error({ err: error, requestId: env.ctx.requestId }, 'Teams card refresh failed');
    return refused(500, internalErrorText(env.ctx.requestId));
  }
}

/**
 * Writes the invoke's answer ourselves. teams-ai would too when a handler returns a card, but a card carrying a
 * `refresh` clause makes it PUT that card into the conversation for everyone first (AdaptiveCards.js, REPLACE_FOR_ALL):
 * one viewer's card must never become everyone's. With the answer set, teams-ai writes nothing more.
 */
async function answer(turn: TurnContext, a: InvokeAnswer): Promise<string> {
  const body =
    a.type === 'message'
      ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: a.text }
      : a.type === 'card'
        ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: a.card }
        : {
            statusCode: a.statusCode,
            type: 'application/vnd.microsoft.error',
            value: { code: a.statusCode === 400 ? 'BadRequest' : 'InternalServerError', message: a.text },
          };
  await turn.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  return '';
}

/** Every warroom button and the cards' refresh clause (`Action.Execute`, an `adaptiveCard/action` invoke). */
export function routeCardButtons(app: Application, t: TeamsTurnDeps): void {
  app.adaptiveCards.actionExecute(TEAMS_BUTTON_VERBS, async (turn, _state, data) => {
    const verb = String((turn.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb ?? '');
    return answer(turn, pressedAnswer(t, turn, verb, data));
  });
  app.adaptiveCards.actionExecute(VERB.refresh, async (turn, _state, data) =>
    answer(turn, refreshAnswer(t, turn, data)),
  );
}

/**
 * The verb of a button pressed on a client without Universal Actions: it sends the button's `Action.Submit`
 * fallback, a message whose `value` is `{ verb, ...data }` (card-elements.ts); null for any other message. Keep it
 * open's (refresh) is one too, though such a client never gets the card it is on: answered as out of date, not as a
 * command.
 */
export function fallbackVerb(turn: TurnContext): string | null {
  const verb = (turn.activity.value as { verb?: unknown } | undefined)?.verb;
  return typeof verb === 'string' && (TEAMS_BUTTON_VERBS.includes(verb) || verb === VERB.refresh) ? verb : null;
}
