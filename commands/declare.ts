import { declareIncident } from '../src/core/incident/declare-incident.js';
import { SEVERITIES, type Severity } from '../src/core/incident/incident.js';
import { ValidationError } from '../src/core/errors.js';
import type { IncidentCommand } from './command.js';

const usage = 'declare <title> [sev1|sev2|sev3|sev4]';

/**
 * `sev1`…`sev4` as the last word sets the severity; everything before it is the title. A last word that looks like a
 * severity but is none (`SEV0`, `sev9`, `sev-1`) is refused: silently opening a SEV3 titled "… SEV0" hides the
 * declarer's intent.
 */
export function splitTitleAndSeverity(args: string): { title: string; severity: Severity | null } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const last = words.at(-1)?.toLowerCase();
  if (last && (SEVERITIES as readonly string[]).includes(last)) {
    return { title: words.slice(0, -1).join(' '), severity: last as Severity };
  }
  if (last && /^sev[-_]?\d+$/.test(last)) {
    throw new ValidationError(
      (fmt) =>
        `"${words.at(-1)}" is not a severity: use sev1 (the worst), sev2, sev3 or sev4 as the last word. Usage: ${fmt.command(usage)}`,
    );
  }
  return { title: words.join(' '), severity: null };
}

export const declareCommand: IncidentCommand = {
  name: 'declare',
  usage,
  summary: 'Open an incident and its war-room channel (no title: a form opens).',
  run(args, env) {
    const { title, severity } = splitTitleAndSeverity(args);
    if (!title) return { type: 'open-declare-form', severity };
    const incident = declareIncident({
      ctx: env.ctx,
      input: { title, severity: severity ?? undefined, originChannelId: env.channelId, via: 'command' },
    });
    return {
      type: 'declared',
      incident,
      text: `Declared ${env.fmt.bold(incident.ref)} (${incident.severity.toUpperCase()}): ${env.fmt.text(incident.title)}. You lead it. Opening the war room #${incident.plannedChannelName}…`,
    };
  },
};
