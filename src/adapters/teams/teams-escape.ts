/**
 * Makes person- or alert-supplied text inert in a Teams TextBlock or message (docs/adr/0003, "Cards"): nothing in it
 * can become a mention (`<at>`), a link (`[x](url)`, `<https://…>`), emphasis, an HTML tag or entity, or an Adaptive
 * Cards date function (`{{DATE(…)}}`).
 *
 * The characters are swapped for look-alikes instead of backslash-escaped: Teams' clients disagree on backslash
 * escapes (Android and iOS long showed the backslash: microsoft/AdaptiveCards#5590, #5758, msteams-docs#5793,
 * Teams-AdaptiveCards-Mobile#83), while a look-alike renders the same everywhere and can never be parsed. Underscores
 * between letters or digits stay (`db_primary_01`): no Markdown dialect Teams uses reads intraword `_` as emphasis.
 * The private-use characters warroom uses for its own mention and time tokens (teams-tokens.ts) are removed, so text
 * cannot forge them.
 */
export function escapeTeamsText(raw: string): string {
  return raw
    .replace(/[\uE000\uE001]/g, '')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '＆')
    .replace(/</g, '＜')
    .replace(/>/g, '＞')
    .replace(/\*/g, '∗')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '＿')
    .replace(/\[/g, '［')
    .replace(/]/g, '］')
    .replace(/\{(?=\{)/g, '｛')
    .replace(/`/g, 'ˋ');
}
