import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
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

/** Parses YAML and validates it, reporting `file:line: path: message` for every problem. */
export function parseYamlConfig<T>(file: string, text: string, schema: z.ZodType<T>, check?: (value: T) => Array<{ path: PathKey[]; message: string }>): T {
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
  const describe = (path: PathKey[], message: string) => `${file}:${lineOf(path) ?? 1}: ${path.length ? path.join('.') : '(top)'}: ${message}`;
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new ConfigFileError(file, parsed.error.issues.map((i) => describe(i.path as PathKey[], i.message)));
  }
  const extra = check?.(parsed.data) ?? [];
  if (extra.length > 0) throw new ConfigFileError(file, extra.map((p) => describe(p.path, p.message)));
  return parsed.data;
}

export function loadYamlFile<T>(file: string, schema: z.ZodType<T>, check?: (value: T) => Array<{ path: PathKey[]; message: string }>): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  return parseYamlConfig(file, text, schema, check);
}
