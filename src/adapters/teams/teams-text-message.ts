import type { Fmt } from '../../core/fmt.js';
import { teamsLineBreaks } from './presenters/build-card-activity.js';
import { activityBytes, CARD_BUDGET_BYTES } from './presenters/fit-card.js';
import { trimNote } from './presenters/trim-note.js';
import { Mentions, resolveTeamsText, type MentionEntity, type TeamsPeople } from './resolve-teams-text.js';
import { clipTokenSafe } from './teams-tokens.js';

/** A plain Teams message: Markdown text with its mention entities (docs: channel-and-group-conversations.md). */
export interface TextMessageActivity {
  type: 'message';
  text: string;
  textFormat: 'markdown';
  entities?: MentionEntity[];
}

/**
 * teamsFmt text as a message instead of a card (a reply to a typed command, a personal chat). Times are UTC text:
 * the DATE/TIME functions work in card TextBlocks only. Over the size budget the text is trimmed with a note.
 */
export function teamsTextMessage(
  text: string,
  o: { fmt: Fmt; people: TeamsPeople },
  budget = CARD_BUDGET_BYTES,
): TextMessageActivity {
  const build = (t: string): TextMessageActivity => {
    const mentions = new Mentions();
    // Markdown messages, like TextBlocks, need a blank line for a line break outside lists.
    const resolved = teamsLineBreaks(resolveTeamsText(t, 'plain', o.people, mentions));
    const entities = mentions.entitiesIn(resolved);
    return { type: 'message', text: resolved, textFormat: 'markdown', ...(entities.length > 0 ? { entities } : {}) };
  };
  let message = build(text);
  for (let keep = text.length; activityBytes(message) > budget && keep > 0; ) {
    keep = Math.max(0, keep - Math.ceil((activityBytes(message) - budget) / 2) - 64);
    message = build(`${clipTokenSafe(text, keep)}${trimNote(o.fmt)}`);
  }
  return message;
}
