import { assignLead } from '../src/core/roles/assign-lead.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage = '/incident lead @user';

export const leadCommand: IncidentCommand = {
  name: 'lead',
  usage,
  summary: 'Hand the incident lead to someone (there is always exactly one).',
  run(args, env) {
    const token = args.trim();
    const userId = token ? env.parseUser(token) : null;
    if (!userId || token.split(/\s+/).length > 1) return reply(`Name one person. Usage: \`${usage}\``);
    const incident = incidentOfChannel(env);
    const updated = assignLead({ ctx: env.ctx, input: { incidentId: incident.id, userId } });
    return reply(`${env.fmt.user(userId)} now leads ${updated.ref}.`);
  },
};
