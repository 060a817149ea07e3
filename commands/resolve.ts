import type { Ctx } from '../src/core/context.js';
import type { Fmt } from '../src/core/fmt.js';
import { changeStatus } from '../src/core/incident/change-status.js';
import { describeOpenWork } from '../src/core/incident/describe-open-work.js';
import { OpenWorkError } from '../src/core/incident/open-work-error.js';
import { reply, type CommandResult, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

/** Label of the confirm button every surface shows under the question. */
export const RESOLVE_ANYWAY_LABEL = 'Resolve anyway';

/**
 * Resolve, the same on every surface (typed, the header's Resolve, the all-alerts-resolved prompt, the status form,
 * the confirm button): with playbook work still open it asks first, naming it; `confirmed` resolves and records what
 * was open. Other refusals (already resolved, closed) are thrown as usual.
 */
export function runResolve(
  ctx: Ctx,
  fmt: Fmt,
  input: { incidentId: number; via: 'command' | 'button' | 'form'; note?: string | null; confirmed: boolean },
): CommandResult {
  try {
    const incident = changeStatus({
      ctx,
      input: {
        incidentId: input.incidentId,
        status: 'resolved',
        note: input.note ?? null,
        via: input.via,
        confirmOpenWork: input.confirmed,
      },
    });
    const entry = ctx.store.timeline.last(incident.id);
    const withOpenWork =
      entry?.kind === 'status.changed' && (JSON.parse(entry.payload) as { openWork?: unknown }).openWork !== undefined;
    const recorded = withOpenWork ? ' What was still open is on the timeline and goes into the postmortem.' : '';
    return reply(
      `${incident.ref} is now ${fmt.bold('resolved')}.${recorded} When the dust settles, the lead closes it with ${fmt.command('close')}.`,
    );
  } catch (error) {
    if (!(error instanceof OpenWorkError)) throw error;
    return {
      type: 'confirm-resolve',
      incidentId: error.incidentId,
      text: `${describeOpenWork(error.openWork, fmt)} Resolve ${error.ref} anyway? What is open will be recorded on the timeline and in the postmortem.`,
    };
  }
}

const usage = 'resolve [anyway] [note]';

export const resolveCommand: IncidentCommand = {
  name: 'resolve',
  usage,
  summary: (fmt) =>
    `Resolve the incident (asks first when playbook steps are still open; ${fmt.code('anyway')} confirms).`,
  run(args, env) {
    const [first = '', ...rest] = args.trim().split(/\s+/);
    const confirmed = first.toLowerCase() === 'anyway';
    const note = (confirmed ? rest.join(' ') : args).trim();
    const incident = incidentOfChannel(env);
    return runResolve(env.ctx, env.fmt, { incidentId: incident.id, via: 'command', note: note || null, confirmed });
  },
};
