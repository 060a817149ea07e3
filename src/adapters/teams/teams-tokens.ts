/**
 * Mentions and times in Teams text are tokens until a card or message is built.
 *
 * A Teams mention is two things: `<at>Name</at>` in the text AND an entity `{type:'mention', text, mentioned:{id,
 * name}}` beside it (a mention without its entity is shown as plain text; an entity without its text is dropped).
 * `Fmt.user` returns a string and knows neither the person's name nor where the text will land, so it writes a token
 * (`\uE000u<id>\uE001`) that the builder resolves with a people lookup, collecting each entity once. Times are tokens
 * for the same reason: in a card TextBlock they become Adaptive Cards' `{{DATE()}} {{TIME()}}`, shown in each reader's
 * own zone; in plain text (a notification summary, a button title) they are UTC.
 *
 * The delimiters are Unicode private-use characters that `escapeTeamsText` removes from person- and alert-supplied
 * text, so nobody can type a token.
 */
export const TOKEN_OPEN = '\uE000';
export const TOKEN_CLOSE = '\uE001';

export type TokenKind = 'u' | 'n' | 't';

/** `u`: a mention of a user; `n`: a user's name without notifying them; `t`: an ISO-8601 instant. */
export function token(kind: TokenKind, value: string): string {
  return `${TOKEN_OPEN}${kind}${value.replace(/[\uE000\uE001]/g, '')}${TOKEN_CLOSE}`;
}

/** Every token in the text, in order; a cut-off token (an opening with no closing) is ignored. */
const TOKEN = /\uE000([unt])([^\uE000\uE001]*)\uE001/g;

/** Replaces each whole token and removes stray delimiters (a token cut in half by a length limit). */
export function replaceTokens(text: string, replace: (kind: TokenKind, value: string) => string): string {
  return text
    .replace(TOKEN, (_m, kind: TokenKind, value: string) => replace(kind, value).replace(/[\uE000\uE001]/g, ''))
    .replace(/\uE000[^\uE001]*$/, '')
    .replace(/[\uE000\uE001]/g, '');
}

/**
 * At most `max` characters (UTF-16 units), never cutting a token or a surrogate pair in half: a cut inside a token
 * moves before it.
 */
export function clipTokenSafe(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max);
  const open = text.lastIndexOf(TOKEN_OPEN, cut);
  const close = text.lastIndexOf(TOKEN_CLOSE, cut - 1);
  if (open !== -1 && open > close) cut = open;
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut);
}
