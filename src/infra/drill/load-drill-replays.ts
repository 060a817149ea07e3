import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AlertSource } from '../../alerts/alert-source.js';
import { parseReplay, ReplayFileError, type ReplayLine } from './drill-replay.js';

export type DrillWebhook = { source: string; body: string };

/** Checks each replayed webhook against its source's schema, as the webhook endpoint would; returns the problems. */
export function checkReplay(file: string, lines: ReplayLine[], sources: Map<string, AlertSource>): string[] {
  return lines.flatMap((line, i) => {
    const source = sources.get(line.source);
    if (!source)
      return [
        `${file}: webhook ${i + 1}: no alert source "${line.source}" (sources: ${[...sources.keys()].join(', ')})`,
      ];
    const parsed = source.schema.safeParse(line.payload);
    return parsed.success
      ? []
      : parsed.error.issues.map(
          (issue) => `${file}: webhook ${i + 1}: ${issue.path.join('.') || '(payload)'}: ${issue.message}`,
        );
  });
}

export const toWebhooks = (lines: ReplayLine[]): DrillWebhook[] =>
  lines.map((l) => ({ source: l.source, body: JSON.stringify(l.payload) }));

/** `playbooks/drills/<playbook-id>.jsonl`: the recorded telemetry `/incident drill <playbook>` replays. */
export function loadDrillReplays(
  folder: string,
  sources: Map<string, AlertSource>,
): { replays: Record<string, DrillWebhook[]>; problems: string[] } {
  const replays: Record<string, DrillWebhook[]> = {};
  const problems: string[] = [];
  if (!existsSync(folder)) return { replays, problems };
  for (const name of readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const file = join(folder, name);
    try {
      const lines = parseReplay(file, readFileSync(file, 'utf8'));
      const bad = checkReplay(file, lines, sources);
      if (bad.length > 0) problems.push(...bad);
      else replays[basename(name, '.jsonl')] = toWebhooks(lines);
    } catch (error) {
      if (!(error instanceof ReplayFileError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { replays, problems };
}
