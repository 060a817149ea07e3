import { slashCommand, type Fmt } from '../../core/fmt.js';

/**
 * Slack's three control characters. Escaping them in user and alert text means a title cannot carry
 * `<!channel>`, `<@U…>` or a disguised `<https://evil|link>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const slackFmt: Fmt = {
  user: (userId) => `<@${userId}>`,
  // Plain text, not a mention: naming who did something must not ping them. Without a known name the mention is
  // the name (Slack draws it), and the id beside it stays readable either way.
  person: (userId, name) => (name ? `${escapeMrkdwn(name)} (${userId})` : `<@${userId}> (${userId})`),
  channel: (channelId) => `<#${channelId}>`,
  text: escapeMrkdwn,
  time(iso) {
    const unix = Math.floor(new Date(iso).getTime() / 1000);
    // Slack shows this in each reader's own time zone; the fallback is UTC.
    return `<!date^${unix}^{date_short} {time_secs}|${iso}>`;
  },
  bold: (formatted) => `*${formatted}*`,
  em: (formatted) => `_${formatted}_`,
  code: (raw) => `\`${codeSafe(raw)}\``,
  pre: (raw) => `\`\`\`\n${codeSafe(raw)}\n\`\`\``,
  command: (args) => `\`${codeSafe(slashCommand(args))}\``,
  link(url, label) {
    // Only web links, and none that can close the <url|label> form early: anything else is shown as text. A raw
    // < in the label (formatted text has none) could open a token inside the link, so it goes the way of | and >.
    if (!/^https?:\/\/[^\s<>|]+$/i.test(url)) return `${label} (${escapeMrkdwn(url)})`;
    return `<${url.replace(/&/g, '&amp;')}|${label.replace(/[<|>]/g, ' ')}>`;
  },
  icon: (name) => `:${name}:`,
};

/** Slack cannot escape a backtick inside a code span or block: it becomes a look-alike so the span does not end early. */
function codeSafe(raw: string): string {
  return escapeMrkdwn(raw).replace(/`/g, 'ˋ');
}

/** `<@U123>` or `<@U123|ann>` as Slack sends mentions in escaped slash-command text. */
export function parseSlackUser(token: string): string | null {
  const match = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(token.trim());
  return match?.[1] ?? null;
}
