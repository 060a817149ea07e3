import { closeIncident } from '../src/core/incident/close-incident.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

export const closeCommand: IncidentCommand = {
  name: 'close',
  usage: 'close',
  summary: 'Close a resolved incident (lead only).',
  run(args, env) {
    if (args.trim()) return reply(`${env.fmt.command('close')} takes no arguments; run it in the incident channel.`);
    const incident = incidentOfChannel(env);
    const closed = closeIncident({ ctx: env.ctx, input: { incidentId: incident.id } });
    return reply(`${closed.ref} is closed. Thank you, everyone.`);
  },
};
