import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';

/** A configuration file that does not parse or validate; each problem names the file, the line and the path. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

type PathKey = string | number;

/**
 * How many alias expansions a config file may ask for (yaml's `maxAliasCount`). A hand-written playbook or catalog
 * reuses an anchor a few times; a "billion laughs" file nests aliases until it expands to gigabytes.
 */
export const MAX_YAML_ALIASES = 100;

/** The line of the first alias (`*name`, or the named one) in the document: where an alias problem starts. */
function aliasLine(doc: Document, lineCounter: LineCounter, name?: string): number | null {
  let line: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (name !== undefined && node.source !== name) return undefined;
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/**
 * Turns the parsed document into plain values. yaml throws here (not in parseDocument) for an alias bomb or an alias
 * with no anchor; each becomes this file's `file:line` problem instead of a bare library error.
 */
function toPlainValue(file: string, doc: Document, lineCounter: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    if (/excessive alias count/i.test(message)) {
      throw new ConfigFileError(file, [
        `${file}:${aliasLine(doc, lineCounter) ?? 1}: (top): the aliases (*name) here expand to more than ${MAX_YAML_ALIASES} copies; write the values out instead of nesting aliases`,
      ]);
    }
    const unresolved = /^Unresolved alias[^:]*: (.+)$/.exec(message);
    if (unresolved) {
      throw new ConfigFileError(file, [
        `${file}:${aliasLine(doc, lineCounter, unresolved[1]) ?? 1}: (top): alias *${unresolved[1]} has no anchor &${unresolved[1]} before it`,
      ]);
    }
    throw new ConfigFileError(file, [
      `${file}:${aliasLine(doc, lineCounter) ?? 1}: (top): cannot be read as plain YAML values (${message})`,
    ]);
  }
}

/** Parses YAML and validates it, reporting `file:line: path: message` for every problem. */
export function parseYamlConfig<T>(
  file: string,
  text: string,
  schema: z.ZodType<T>,
  check?: (value: T) => Array<{ path: PathKey[]; message: string }>,
): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(
      file,
      doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`),
    );
  }
  const lineOf = (path: PathKey[]): number | null => {
    // The deepest node that exists: a missing key is reported at its parent.
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  const describe = (path: PathKey[], message: string) =>
    `${file}:${lineOf(path) ?? 1}: ${path.length ? path.join('.') : '(top)'}: ${message}`;
  const parsed = schema.safeParse(toPlainValue(file, doc, lineCounter) ?? {});
  if (!parsed.success) {
    throw new ConfigFileError(
      file,
      parsed.error.issues.map((i) => describe(i.path as PathKey[], i.message)),
    );
  }
  const extra = check?.(parsed.data) ?? [];
  if (extra.length > 0)
    throw new ConfigFileError(
      file,
      extra.map((p) => describe(p.path, p.message)),
    );
  return parsed.data;
}

export function loadYamlFile<T>(
  file: string,
  schema: z.ZodType<T>,
  check?: (value: T) => Array<{ path: PathKey[]; message: string }>,
): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, [
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  return parseYamlConfig(file, text, schema, check);
}
