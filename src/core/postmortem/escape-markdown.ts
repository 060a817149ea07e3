/**
 * Makes person- or alert-supplied text inert in Markdown: one line, and every character that could start
 * emphasis, code, a link, an image, raw HTML, an entity or a table cell is backslash-escaped (CommonMark allows
 * escaping any ASCII punctuation). The renderer only concatenates strings: nothing is ever evaluated as a template.
 */
export function escapeMarkdown(raw: string): string {
  return raw
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~&#]/g, (c) => `\\${c}`)
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
