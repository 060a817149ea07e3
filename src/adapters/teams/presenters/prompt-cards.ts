import { RESOLVE_ANYWAY_LABEL } from '../../../../commands/resolve.js';
import type { Severity } from '../../../core/incident/incident.js';
import { TASK_VERB, VERB, type CardRef } from '../ids.js';
import type { CardAction, CardActivity } from './adaptive-card.js';
import type { CardContext } from './build-card-activity.js';
import { execute, taskFetch, textBlock } from './card-elements.js';
import { fitCard } from './fit-card.js';
import { trimNote } from './trim-note.js';

/** The confirm question's way back: the card the clicker pressed Resolve on, as it stands. */
export const KEEP_OPEN_LABEL = 'Keep it open';

/** A one-off message: core text and its buttons. Not refreshed: nothing on it changes. */
function promptCard(text: string, actions: CardAction[], ctx: CardContext): CardActivity {
  const block = textBlock(text);
  return fitCard(
    {
      body: [block],
      actions,
      summary: text,
      refresh: null,
      trimmable: [{ block, note: trimNote(ctx.fmt) }],
    },
    ctx,
  ).activity;
}

/**
 * The cards a Resolve can be pressed on, named as Resolve's data names them (`card`, absent for the header): the
 * confirm question's "Keep it open" and "Resolve anyway" draw that card again for the clicker.
 */
export type ResolvedFrom = Extract<CardRef['card'], 'header' | 'resolve_prompt'>;

/** "All alerts are resolved": the lead decides, nothing closes by itself. */
export const resolvePromptCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(
    text,
    [execute(VERB.resolve, 'Resolve', { incidentId, card: 'resolve_prompt' }, { style: 'positive' })],
    ctx,
  );

/**
 * "N steps are still open … Resolve anyway?", answered to whoever pressed Resolve on `from` (a card only they see):
 * Resolve anyway confirms; Keep it open draws `from` again for them, as its refresh would.
 */
export const confirmResolveCard = (
  incidentId: number,
  text: string,
  ctx: CardContext,
  from: ResolvedFrom = 'header',
): CardActivity =>
  promptCard(
    text,
    [
      execute(VERB.resolveConfirmed, RESOLVE_ANYWAY_LABEL, { incidentId, card: from }, { style: 'destructive' }),
      execute(VERB.refresh, KEEP_OPEN_LABEL, { card: from, incidentId }),
    ],
    ctx,
  );

/**
 * The message on resolve: why a postmortem, and the button that starts it. The postmortem is a dialog (5 Whys, one
 * form after another), which only a `task/fetch` button can open: the same verb and data as an Action.Execute would
 * carry, so the dialog's fetch runs the same press.
 */
export const postmortemPromptCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(text, [taskFetch(VERB.startPostmortem, 'Start postmortem', { incidentId }, { style: 'positive' })], ctx);

/** Plain rich text (timeline posts, replies, briefs) as a card: mentions notify, times show in each reader's zone. */
export const textCard = (text: string, ctx: CardContext): CardActivity => promptCard(text, [], ctx);

/** A typed `declare` with no title: the button that opens the declare dialog, answered in the room it was typed in. */
export const declareDialogCard = (
  text: string,
  originChannelId: string,
  severity: Severity | null,
  ctx: CardContext,
): CardActivity =>
  promptCard(
    text,
    [
      taskFetch(
        TASK_VERB.declare,
        'Declare an incident',
        { originChannelId, ...(severity ? { severity } : {}) },
        { style: 'positive' },
      ),
    ],
    ctx,
  );

/** A typed `postmortem`: where it stands, and the button that opens the postmortem dialog (the same press as Start postmortem). */
export const postmortemDialogCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(
    text,
    [taskFetch(VERB.startPostmortem, 'Open the postmortem', { incidentId }, { style: 'positive' })],
    ctx,
  );
