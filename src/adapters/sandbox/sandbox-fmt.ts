import { slashCommand, type Fmt } from '../../core/fmt.js';
import { DEMO_USERS } from './demo-users.js';

/**
 * Sandbox text is plain text with `*bold*`, `code` spans and `:emoji:` names (app.js draws them); the web chat draws it with textContent, so user text
 * needs no escaping here — HTML in a title shows up as the characters typed. Times carry their date and zone in the
 * team's time zone (WARROOM_TIME_ZONE): a deadline a day away shown as a bare "06:25:17" reads as this morning.
 */
export function sandboxFmt(timeZone: string): Fmt {
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  return {
    user: (userId) => `@${DEMO_USERS.find((u) => u.id === userId)?.id ?? userId}`,
    person: (userId, name) => `${name ?? DEMO_USERS.find((u) => u.id === userId)?.name ?? userId} (@${userId})`,
    channel: (_id, name) => `#${name ?? _id}`,
    text: (raw) => raw,
    time: (iso) => clock.format(new Date(iso)),
    bold: (formatted) => `*${formatted}*`,
    em: (formatted) => `_${formatted}_`,
    code: (raw) => `\`${raw.replace(/`/g, 'ˋ')}\``,
    pre: (raw) => `\`\`\`\n${raw.replace(/`/g, 'ˋ')}\n\`\`\``,
    command: (args) => `\`${slashCommand(args)}\``,
    link: (url, label) => `${label} (${url})`,
    icon: (name) => `:${name}:`,
  };
}

/** `@bob` (or just `bob`) to a demo user id. */
export function parseSandboxUser(token: string): string | null {
  const id = token.trim().replace(/^@/, '').toLowerCase();
  return DEMO_USERS.some((u) => u.id === id) ? id : null;
}
