import { ICONS, type IconName } from './icon.js';

/**
 * How an adapter writes rich bits into its platform's text. The core and the commands compose messages with it
 * and never emit platform markup themselves. `text` MUST neutralise markup in user- or alert-supplied text.
 */
export interface Fmt {
  user(userId: string): string;
  /**
   * A person named on the record (who did something): their name and the id that stays the audit key, e.g.
   * `carol.medina (U0CAROL)`. `name` comes from the people directory and may be unknown.
   */
  person(userId: string, name: string | undefined): string;
  channel(channelId: string, name: string | null): string;
  /** Text that came from a person or an alert. */
  text(raw: string): string;
  /** A point in time, ISO-8601 UTC in. */
  time(iso: string): string;
  /** Strong emphasis around text that is already formatted (it may hold `text(...)`, `user(...)`, …). */
  bold(formatted: string): string;
  /** Light emphasis (a byline, an aside) around already formatted text. */
  em(formatted: string): string;
  /** A literal shown as code (a hash, a step id, a value to copy); the platform escapes it. */
  code(raw: string): string;
  /** Lines shown as they are, in a fixed-width block (a report laid out in columns); the platform escapes them. */
  pre(raw: string): string;
  /**
   * How to type a warroom command on this surface, as code: `command('ack')` is `/incident ack` on Slack and the
   * sandbox, `@warroom ack` in a Teams channel. `args` is the words after the command name ('' for the bare one).
   */
  command(args: string): string;
  /** A link with a label (already formatted text); the URL comes from config or a vendor and is not trusted. */
  link(url: string, label: string): string;
  /** A pictogram by name. */
  icon(name: IconName): string;
}

/** A user, or a word for nobody (an alert-opened incident before anyone leads it). */
export function userOrNobody(fmt: Fmt, userId: string | null, nobody = 'unassigned'): string {
  return userId ? fmt.user(userId) : nobody;
}

/** Plain text for logs and the CLI: no markup to escape. */
export const plainFmt: Fmt = {
  user: (userId) => `@${userId}`,
  person: (userId, name) => (name ? `${name} (${userId})` : `@${userId}`),
  channel: (id, name) => `#${name ?? id}`,
  text: (raw) => raw,
  time: (iso) => iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
  bold: (formatted) => formatted,
  em: (formatted) => formatted,
  code: (raw) => `\`${raw}\``,
  pre: (raw) => `\`\`\`\n${raw}\n\`\`\``,
  command: (args) => `\`${slashCommand(args)}\``,
  link: (url, label) => `${label} (${url})`,
  icon: (name) => ICONS[name],
};

/** A command as typed with the slash command (Slack, the sandbox, the CLI's advice). */
export function slashCommand(args: string): string {
  return args ? `/incident ${args}` : '/incident';
}
