import type { Fmt } from '../../core/fmt.js';
import { DEMO_USERS } from './demo-users.js';

/**
 * Sandbox text is plain text with `*bold*` and `code` spans; the web chat draws it with textContent, so user text
 * needs no escaping here — HTML in a title shows up as the characters typed.
 */
export const sandboxFmt: Fmt = {
  user: (userId) => `@${DEMO_USERS.find((u) => u.id === userId)?.id ?? userId}`,
  channel: (_id, name) => `#${name ?? _id}`,
  text: (raw) => raw,
  time: (iso) => `${iso.slice(11, 19)} UTC`,
};

/** `@bob` (or just `bob`) to a demo user id. */
export function parseSandboxUser(token: string): string | null {
  const id = token.trim().replace(/^@/, '').toLowerCase();
  return DEMO_USERS.some((u) => u.id === id) ? id : null;
}
