import ts from 'typescript';

export type MarkupRule = 'bold' | 'emphasis' | 'code' | 'emoji' | 'slash-command' | 'slack-token';

/** One piece of platform markup written by hand inside a string literal. */
export interface MarkupFinding {
  line: number;
  rule: MarkupRule;
  /** What matched. */
  match: string;
  /** The whole literal, with each `${…}` substitution written as that placeholder. */
  literal: string;
  /** The top-level function or variable the literal is in (`slashCommand`, `plainFmt`), if any. */
  within: string | null;
}

/**
 * What chat markup looks like inside a literal. A template's substitutions are kept as `${…}`, so `*${title}*` is
 * caught as a bold pair. Each pattern is narrow enough that ordinary text passes: `a * b`, `2*3`, `*.yaml`,
 * `src/**\/*.ts`, `incident_id`, `12:30:00`, `https://x`, `/incidents`.
 */
const RULES: ReadonlyArray<{ rule: MarkupRule; pattern: RegExp }> = [
  // `*word*`, `*${x}*`, `*Two words*`, Markdown's `**x**`: asterisks hugging non-space text on both sides.
  { rule: 'bold', pattern: /(?<![\w*])(\*\*?)(?=[^\s*])(?:[^*\n]*[^\s*])?\1(?![\w*])/ },
  // `_aside_` as a word of its own (snake_case names have a letter before the underscore).
  { rule: 'emphasis', pattern: /(?<![\w$])_(?=[^\s_])(?:[^_\n]*[^\s_])?_(?!\w)/ },
  // A backtick in the text (a template's own delimiters are not part of it): a code span or fenced block by hand.
  { rule: 'code', pattern: /`/ },
  // `:rotating_light:`; a letter first, so clock times (12:30:00) pass.
  { rule: 'emoji', pattern: /(?<![\w/]):[a-z][a-z0-9_+-]*:(?![\w/])/ },
  // The command's name is the surface's to write (fmt.command): Teams types `@warroom`.
  { rule: 'slash-command', pattern: /\/incident(?![\w-])/ },
  // Slack's mention, channel, broadcast and date tokens, and its labelled link `<https://…|label>`.
  { rule: 'slack-token', pattern: /<[@#!]|<https?:\/\/[^\s<>|]*\|/ },
];

/** The text of a literal, with each template substitution written as `${…}`; null for any other node. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((s) => '${…}' + s.literal.text).join('');
  return null;
}

/** The name a top-level declaration gives the code inside it. */
function topLevelName(node: ts.Node): string | null {
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) return node.name?.text ?? null;
  if (ts.isVariableStatement(node)) {
    const [first] = node.declarationList.declarations;
    return first && ts.isIdentifier(first.name) ? first.name.text : null;
  }
  return null;
}

/**
 * Chat markup in the string literals of one TypeScript source. Comments are not literals (JSDoc may quote
 * `/incident ack` freely), nor are regular expressions; import and export specifiers are skipped.
 */
export function findPlatformMarkup(fileName: string, source: string): MarkupFinding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: MarkupFinding[] = [];
  const visit = (node: ts.Node, within: string | null): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    const literal = literalText(node);
    if (literal !== null) {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      for (const { rule, pattern } of RULES) {
        const match = pattern.exec(literal);
        if (match) found.push({ line, rule, match: match[0], literal, within });
      }
    }
    // A template's substitutions may hold literals of their own.
    ts.forEachChild(node, (child) => visit(child, within ?? topLevelName(child)));
  };
  visit(file, null);
  return found;
}
