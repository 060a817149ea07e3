import { assignRole } from '../src/core/roles/assign-role.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';
import { notAPersonText } from './not-a-person.js';

export const roleCommand: IncidentCommand = {
  name: 'role',
  usage: 'role <role> @user',
  summary: (fmt) => `Give someone a role (see ${fmt.command('roles')}) and invite them.`,
  run(args, env) {
    const roles = env.ctx.settings.roles;
    const usage = `role <${roles.join('|')}> @user`;
    const [role, who, ...extra] = args.trim().split(/\s+/).filter(Boolean);
    if (!role || !who || extra.length > 0) return reply(`Name a role and one person. Usage: ${env.fmt.command(usage)}`);
    const userId = env.parseUser(who);
    if (!userId) return reply(notAPersonText(who, env, usage));
    const incident = incidentOfChannel(env);
    const updated = assignRole({ ctx: env.ctx, input: { incidentId: incident.id, role, userId } });
    return reply(`${env.fmt.user(userId)} is now ${env.fmt.bold(role.toLowerCase())} on ${updated.ref}.`);
  },
};
