import type { Fmt } from '../../core/fmt.js';
import { ICONS } from '../../core/icon.js';
import { escapeTeamsText } from './teams-escape.js';
import { token } from './teams-tokens.js';

export interface TeamsFmtOptions {
  /** The bot's display name in Teams (the app manifest's `name.short`): what people type after `@`. */
  botName?: string;
}

export const DEFAULT_TEAMS_BOT_NAME = 'warroom';

/** Only web links whose URL cannot end the `(url)` early or carry markup; anything else is shown as text. */
const SAFE_URL = /^https?:\/\/[^\s<>()[\]{}"'`\\]+$/i;

/**
 * The Markdown subset of Adaptive Card TextBlocks and Teams messages: `**bold**`, `_italic_`, `[label](url)`, lists
 * (docs: msteams-docs cards-format.md; no headings, tables, images, code or quotes). Mentions and times are tokens
 * that the card builder resolves (teams-tokens.ts).
 */
export function createTeamsFmt(options: TeamsFmtOptions = {}): Fmt {
  const botName = escapeTeamsText(options.botName ?? DEFAULT_TEAMS_BOT_NAME);
  return {
    user: (userId) => token('u', userId),
    // Naming who did something must not ping them: a name and the id, never `<at>`. Unknown names are looked up
    // when the card is built.
    person: (userId, name) =>
      name
        ? `${escapeTeamsText(name)} (${escapeTeamsText(userId)})`
        : `${token('n', userId)} (${escapeTeamsText(userId)})`,
    // A channel link needs its team's group id, which a view does not carry: the name reads well enough.
    channel: (channelId, name) => `#${escapeTeamsText(name ?? channelId)}`,
    text: escapeTeamsText,
    time: (iso) => token('t', iso),
    bold: (formatted) => `**${formatted}**`,
    em: (formatted) => `_${formatted}_`,
    // TextBlocks have no inline code (and Teams clients would show backticks literally): quotes mark the literal.
    code: (raw) => `‘${escapeTeamsText(raw)}’`,
    // Nor code blocks: the lines as they are, escaped like any text.
    pre: (raw) => escapeTeamsText(raw),
    // In a channel the bot hears only messages that @mention it (ADR 0003), so that is how a command is typed.
    command: (args) => `**@${botName}${args ? ` ${escapeTeamsText(args)}` : ''}**`,
    link(url, label) {
      const text = label.replace(/[[\]]/g, '');
      return SAFE_URL.test(url) ? `[${text}](${url})` : `${text} (${escapeTeamsText(url)})`;
    },
    icon: (name) => ICONS[name],
  };
}

/** Teams text with the default bot name. */
export const teamsFmt: Fmt = createTeamsFmt();
