import { assignLead } from '../src/core/roles/assign-lead.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';
import { notAPersonText } from './not-a-person.js';

const usage = 'lead @user';

export const leadCommand: IncidentCommand = {
  name: 'lead',
  usage,
  summary: 'Hand the incident lead to someone (there is always exactly one).',
  run(args, env) {
    const tokens = args.trim().split(/\s+/).filter(Boolean);
    const [token] = tokens;
    if (!token || tokens.length > 1) return reply(`Name one person. Usage: ${env.fmt.command(usage)}`);
    const userId = env.parseUser(token);
    if (!userId) return reply(notAPersonText(token, env, usage));
    const incident = incidentOfChannel(env);
    const updated = assignLead({ ctx: env.ctx, input: { incidentId: incident.id, userId } });
    return reply(`${env.fmt.user(userId)} now leads ${updated.ref}.`);
  },
};
