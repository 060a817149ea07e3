/** Graph's maximum for a channel's displayName (channel-post: "the maximum length … is 50 characters"). */
export const TEAMS_CHANNEL_NAME_MAX = 50;

/**
 * What Teams refuses in a channel name (limits-specifications-teams.md, "Channel names"): these characters, `..`,
 * control characters 0–1F and 80–9F, a leading `_` or `.`, a trailing `.`, and some whole names.
 */
const REFUSED_CHARACTERS = /[~#%&*{}+/\\:<>?|'",\u0000-\u001f\u0080-\u009f]/g;
export const TEAMS_RESERVED_CHANNEL_NAMES: ReadonlySet<string> = new Set([
  'forms',
  'con',
  'conin$',
  'conout$',
  'prn',
  'aux',
  'nul',
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
  'desktop.ini',
  '_vti_',
]);

/**
 * A war-room name (`inc-0042-checkout-is-down`, `…-2`) as a Teams channel may be called: refused characters become
 * hyphens, and past 50 characters the slug is cut but a numeric suffix is kept — otherwise `-2`, `-3`, … would all cut
 * to the same taken name and the caller's next-suffix loop could never succeed. warroom's own names are
 * `[a-z0-9-]` already; the rest is for any name a later caller passes.
 */
export function teamsChannelName(name: string): string {
  let clean = name
    .normalize('NFC')
    .replace(REFUSED_CHARACTERS, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .trim()
    .replace(/^[_.\-\s]+/, '');
  const chars = Array.from(clean);
  if (chars.length > TEAMS_CHANNEL_NAME_MAX) {
    const suffix = /-\d{1,4}$/.exec(clean)?.[0] ?? '';
    clean =
      chars
        .slice(0, TEAMS_CHANNEL_NAME_MAX - suffix.length)
        .join('')
        .replace(/[-.\s]+$/, '') + suffix;
  }
  clean = clean.replace(/[.\s]+$/, '');
  if (TEAMS_RESERVED_CHANNEL_NAMES.has(clean.toLowerCase())) clean = `${clean}-room`;
  return clean || 'war-room';
}
