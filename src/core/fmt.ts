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
};
