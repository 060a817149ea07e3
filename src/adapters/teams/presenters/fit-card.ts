import { clipTokenSafe } from '../teams-tokens.js';
import type { CardActivity } from './adaptive-card.js';
import { buildCardActivity, type CardContext, type CardDraft } from './build-card-activity.js';

/**
 * Teams refuses a channel post past about 28 KB, measured as UTF-16 (docs: limits-specifications-teams.md; the
 * connector answers 413 MessageSizeTooBig; ADR 0003), so a JSON character counts two bytes.
 */
export const TEAMS_POST_LIMIT_BYTES = 28 * 1024;
/** What a presenter may use: the port adds the conversation, reply-to and channel data around it. */
export const CARD_BUDGET_BYTES = TEAMS_POST_LIMIT_BYTES - 2 * 1024;

export function activityBytes(activity: unknown): number {
  return JSON.stringify(activity).length * 2;
}

/** A trimmed text keeps at least this much before its note, so it still says what it was about. */
const FLOOR = 60;

/** The last word break at or before `max` (or `max` itself), token-safe. */
function clipAtWord(text: string, max: number): string {
  const clipped = clipTokenSafe(text, max);
  const space = clipped.lastIndexOf(' ');
  return (space > max * 0.6 ? clipped.slice(0, space) : clipped).trimEnd();
}

/**
 * The activity for a draft, within `budget`: when it is too big, the longest trimmable text is shortened (at a word,
 * never inside a mention) and ends with its note, e.g. "… (trimmed; see @warroom timeline)", until it fits or every
 * trimmable text is down to its floor. `fits` says which; a presenter with more to give (buttons, steps) then
 * rebuilds smaller. Nothing is ever refused.
 */
export function fitCard(
  draft: CardDraft,
  ctx: CardContext,
  budget = CARD_BUDGET_BYTES,
): { activity: CardActivity; fits: boolean } {
  let activity = buildCardActivity(draft, ctx);
  const texts = draft.trimmable.map((t) => ({ ...t, original: t.block.text, kept: t.block.text.length }));
  // Each pass cuts one text by the whole excess (or to its floor), so a handful of passes suffices.
  for (let pass = 0; pass < 4 * texts.length + 4; pass += 1) {
    const over = Math.ceil((activityBytes(activity) - budget) / 2);
    if (over <= 0) return { activity, fits: true };
    const longest = texts.filter((t) => t.kept > FLOOR).sort((a, b) => b.kept - a.kept)[0];
    if (!longest) break;
    // Resolved text can be longer than the draft (a name for a token, DATE functions): overshoot a little.
    longest.kept = Math.max(FLOOR, longest.kept - over - longest.note.length - 32);
    longest.block.text = `${clipAtWord(longest.original, longest.kept)}${longest.note}`;
    activity = buildCardActivity(draft, ctx);
  }
  return { activity, fits: activityBytes(activity) <= budget };
}
