import { BUTTON_REFUSALS } from './button-refusals.js';
import { cardForViewer, type ViewerCard } from './card-for-viewer.js';
import { CardTarget } from './card-target.js';
import type { InteractionEnv } from './interaction.js';
import { cardElsewhere } from './pressed-elsewhere.js';

/** A card asked for again: drawn for the viewer, or why not (nothing happened either way). */
export type ShownCard =
  | ({ type: 'card'; target: CardTarget } & ViewerCard)
  /** Not a card warroom drew (forged, an old format), or one from another incident's channel. */
  | { type: 'stale'; text: string }
  /** What it showed no longer exists. */
  | { type: 'gone'; text: string };

/**
 * A card asked for again from the surface (Teams' refresh, a "Keep it open"), like pressButton for a press: the target
 * echoed back by the client is parsed, must belong to the channel it was asked from (env.channelId, when known), and
 * is drawn from the current state for the person asking (cardForViewer).
 */
export function showCard(input: unknown, env: InteractionEnv): ShownCard {
  const parsed = CardTarget.safeParse(input);
  if (!parsed.success) return { type: 'stale', text: BUTTON_REFUSALS.outOfDate };
  const target = parsed.data;
  const elsewhere = env.channelId === null ? null : cardElsewhere(env.ctx, target, env.channelId);
  if (elsewhere) return { type: 'stale', text: elsewhere };
  const card = cardForViewer(target, env);
  return card ? { type: 'card', target, ...card } : { type: 'gone', text: BUTTON_REFUSALS.cardGone };
}
