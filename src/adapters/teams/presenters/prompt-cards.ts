import { RESOLVE_ANYWAY_LABEL } from '../../../../commands/resolve.js';
import type { Severity } from '../../../core/incident/incident.js';
import { TASK_VERB, VERB } from '../ids.js';
import type { CardAction, CardActivity } from './adaptive-card.js';
import type { CardContext } from './build-card-activity.js';
import { execute, taskFetch, textBlock } from './card-elements.js';
import { fitCard } from './fit-card.js';
import { trimNote } from './trim-note.js';

/** A one-off message: core text and one button. Not refreshed: nothing on it changes. */
function promptCard(text: string, action: CardAction | null, ctx: CardContext): CardActivity {
  const block = textBlock(text);
  return fitCard(
    {
      body: [block],
      actions: action ? [action] : [],
      summary: text,
      refresh: null,
      trimmable: [{ block, note: trimNote(ctx.fmt) }],
    },
    ctx,
  ).activity;
}

/** "All alerts are resolved": the lead decides, nothing closes by itself. */
export const resolvePromptCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(text, execute(VERB.resolve, 'Resolve', { incidentId }, { style: 'positive' }), ctx);

/** "N steps are still open … Resolve anyway?" with the button that confirms. */
export const confirmResolveCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(text, execute(VERB.resolveConfirmed, RESOLVE_ANYWAY_LABEL, { incidentId }, { style: 'destructive' }), ctx);

/**
 * The message on resolve: why a postmortem, and the button that starts it. The postmortem is a dialog (5 Whys, one
 * form after another), which only a `task/fetch` button can open: the same verb and data as an Action.Execute would
 * carry, so the dialog's fetch runs the same press.
 */
export const postmortemPromptCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(text, taskFetch(VERB.startPostmortem, 'Start postmortem', { incidentId }, { style: 'positive' }), ctx);

/** Plain rich text (timeline posts, replies, briefs) as a card: mentions notify, times show in each reader's zone. */
export const textCard = (text: string, ctx: CardContext): CardActivity => promptCard(text, null, ctx);

/** A typed `declare` with no title: the button that opens the declare dialog, answered in the room it was typed in. */
export const declareDialogCard = (
  text: string,
  originChannelId: string,
  severity: Severity | null,
  ctx: CardContext,
): CardActivity =>
  promptCard(
    text,
    taskFetch(
      TASK_VERB.declare,
      'Declare an incident',
      { originChannelId, ...(severity ? { severity } : {}) },
      { style: 'positive' },
    ),
    ctx,
  );

/** A typed `postmortem`: where it stands, and the button that opens the postmortem dialog (the same press as Start postmortem). */
export const postmortemDialogCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(text, taskFetch(VERB.startPostmortem, 'Open the postmortem', { incidentId }, { style: 'positive' }), ctx);
