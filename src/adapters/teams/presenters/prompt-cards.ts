import { RESOLVE_ANYWAY_LABEL } from '../../../../commands/resolve.js';
import { VERB } from '../ids.js';
import type { CardActivity, ExecuteAction } from './adaptive-card.js';
import type { CardContext } from './build-card-activity.js';
import { execute, textBlock } from './card-elements.js';
import { fitCard } from './fit-card.js';
import { trimNote } from './trim-note.js';

/** A one-off message: core text and one button. Not refreshed: nothing on it changes. */
function promptCard(text: string, action: ExecuteAction | null, ctx: CardContext): CardActivity {
  const block = textBlock(text);
  return fitCard({ body: [block], actions: action ? [action] : [], summary: text, refresh: null, trimmable: [{ block, note: trimNote(ctx.fmt) }] }, ctx).activity;
}

/** "All alerts are resolved": the lead decides, nothing closes by itself. */
export const resolvePromptCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(text, execute(VERB.resolve, 'Resolve', { incidentId }, { style: 'positive' }), ctx);

/** "N steps are still open … Resolve anyway?" with the button that confirms. */
export const confirmResolveCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(text, execute(VERB.resolveConfirmed, RESOLVE_ANYWAY_LABEL, { incidentId }, { style: 'destructive' }), ctx);

/** The message on resolve: why a postmortem, and the button that starts it. */
export const postmortemPromptCard = (incidentId: number, text: string, ctx: CardContext): CardActivity =>
  promptCard(text, execute(VERB.startPostmortem, 'Start postmortem', { incidentId }, { style: 'positive' }), ctx);

/** Plain rich text (timeline posts, replies, briefs) as a card: mentions notify, times show in each reader's zone. */
export const textCard = (text: string, ctx: CardContext): CardActivity => promptCard(text, null, ctx);
