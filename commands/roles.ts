import { listRoles } from '../src/core/incident/find-incident.js';
import { userOrNobody } from '../src/core/fmt.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

export const rolesCommand: IncidentCommand = {
  name: 'roles',
  usage: 'roles',
  summary: 'Who holds which role.',
  run(_args, env) {
    const incident = incidentOfChannel(env);
    const held = listRoles({ ctx: env.ctx, incidentId: incident.id });
    const lines = [
      env.fmt.bold(`Roles on ${incident.ref}`),
      `• lead: ${userOrNobody(env.fmt, incident.leadId, `unassigned — ${env.fmt.command('lead @user')}`)}`,
    ];
    for (const role of env.ctx.settings.roles) {
      const holder = held.find((h) => h.role === role);
      lines.push(
        `• ${role}: ${holder ? env.fmt.user(holder.userId) : `unassigned — ${env.fmt.command(`role ${role} @user`)}`}`,
      );
    }
    return reply(lines.join('\n'));
  },
};
