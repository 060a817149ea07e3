import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPostmortemReport } from '../core/postmortem/postmortem-report.js';
import { renderPostmortemMarkdown } from '../core/postmortem/render-postmortem-markdown.js';
import { isValidTimeZone } from '../core/postmortem/zoned-time.js';
import type { CliResult } from './cli-result.js';
import { withIncident } from './with-incident.js';

export const POSTMORTEM_HELP = `Usage: warroom postmortem export <INC-0042> [--out <file>|-] [--force]

Writes the incident's postmortem as Markdown: summary, impact, timeline (in $WARROOM_TIME_ZONE, default UTC),
roles, metrics, the 5 Whys, contributing factors, lessons and corrective actions with their current status.
Default file: ./INC-0042-postmortem.md (an existing file is kept unless --force); --out - prints it.
Exit status: 0 written, 2 bad usage, unknown incident or no postmortem.`;

/** `warroom postmortem export`: the Markdown, re-rendered now so corrective actions show their latest status. */
export function postmortemCli(
  args: string[],
  options: { dbPath: string; env: NodeJS.ProcessEnv; wantsHelp: boolean },
): CliResult {
  if (options.wantsHelp) return { code: 0, stdout: POSTMORTEM_HELP };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, force: { type: 'boolean' } },
    });
  } catch (error) {
    return { code: 2, stderr: `${error instanceof Error ? error.message : String(error)}\n\n${POSTMORTEM_HELP}` };
  }
  const [sub, ref, ...extra] = parsed.positionals;
  if (sub !== 'export')
    return {
      code: 2,
      stderr: `${sub ? `Unknown postmortem command "${sub}".` : 'Which postmortem command?'}\n\n${POSTMORTEM_HELP}`,
    };
  if (!ref || extra.length > 0) return { code: 2, stderr: POSTMORTEM_HELP };
  const timeZone = options.env.WARROOM_TIME_ZONE?.trim() || 'UTC';
  if (!isValidTimeZone(timeZone))
    return {
      code: 2,
      stderr: `WARROOM_TIME_ZONE=${timeZone}: not an IANA time zone; use one like Europe/Berlin or UTC.`,
    };
  return withIncident(options.dbPath, 'warroom postmortem export <INC-0042>', ref, (store, incident) => {
    const postmortem = store.postmortems.forIncident(incident.id);
    if (!postmortem)
      return {
        code: 2,
        stderr: `${incident.ref} has no postmortem. Start it in its war room with /incident postmortem.`,
      };
    const markdown = renderPostmortemMarkdown(loadPostmortemReport(store, incident, postmortem), { timeZone });
    if (parsed.values.out === '-') return { code: 0, stdout: markdown.trimEnd() };
    const file = resolve(parsed.values.out ?? `${incident.ref}-postmortem.md`);
    if (existsSync(file) && !parsed.values.force)
      return { code: 2, stderr: `${file} exists. Pass --force to replace it, or --out <another file>.` };
    writeFileSync(file, markdown, 'utf8');
    return { code: 0, stdout: `Wrote the ${incident.ref} postmortem (${postmortem.state}) to ${file}` };
  });
}
