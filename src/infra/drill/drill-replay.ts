import { z } from 'zod';

/** One recorded webhook: which source sent it and its body, exactly as the vendor would post it. */
export const ReplayLine = z.object({
  source: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  /** Pause before sending this one, to replay a sequence with its rhythm (capped, so drills stay quick). */
  delay_ms: z.number().int().min(0).max(60_000).default(0),
});
export type ReplayLine = z.infer<typeof ReplayLine>;

export class ReplayFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ReplayFileError';
  }
}

/** Parses a JSONL replay file; every bad line is reported as `file:line: problem`. Blank lines and `#` comments are skipped. */
export function parseReplay(file: string, text: string): ReplayLine[] {
  const lines: ReplayLine[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problems.push(`${file}:${i + 1}: not valid JSON`);
      return;
    }
    const parsed = ReplayLine.safeParse(json);
    if (parsed.success) lines.push(parsed.data);
    else
      problems.push(
        ...parsed.error.issues.map(
          (issue) => `${file}:${i + 1}: ${issue.path.join('.') || '(line)'}: ${issue.message}`,
        ),
      );
  });
  if (problems.length > 0) throw new ReplayFileError(problems);
  if (lines.length === 0) throw new ReplayFileError([`${file}: no webhooks to replay`]);
  return lines;
}
