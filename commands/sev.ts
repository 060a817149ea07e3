import { changeSeverity } from '../src/core/incident/change-severity.js';
import type { Severity } from '../src/core/incident/incident.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage = 'sev <1-4>';

export const sevCommand: IncidentCommand = {
  name: 'sev',
  usage,
  summary: 'Change the severity (1 is the worst).',
  run(args, env) {
    const match = /^(?:sev)?([1-4])$/i.exec(args.trim());
    if (!match) return reply(`Severity must be 1, 2, 3 or 4. Usage: ${env.fmt.command(usage)}`);
    const incident = incidentOfChannel(env);
    const severity = `sev${match[1]}` as Severity;
    const updated = changeSeverity({ ctx: env.ctx, input: { incidentId: incident.id, severity } });
    return reply(`${updated.ref} is now ${env.fmt.bold(updated.severity.toUpperCase())}.`);
  },
};
