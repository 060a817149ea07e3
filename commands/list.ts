import { listOpenIncidents } from '../src/core/incident/find-incident.js';
import { userOrNobody } from '../src/core/fmt.js';
import { reply, type IncidentCommand } from './command.js';

export const listCommand: IncidentCommand = {
  name: 'list',
  usage: 'list',
  summary: 'Open incidents, from any channel.',
  run(_args, env) {
    const open = listOpenIncidents({ ctx: env.ctx });
    if (open.length === 0) return reply(`No open incidents. ${env.fmt.command('declare <title>')} opens one.`);
    const lines = open.map((i) => {
      const room = i.channelId ? env.fmt.channel(i.channelId, i.channelName) : `#${i.plannedChannelName} (opening…)`;
      return `• ${env.fmt.bold(i.ref)} ${i.severity.toUpperCase()} ${i.status} — ${env.fmt.text(i.title)} — ${room} — lead ${userOrNobody(env.fmt, i.leadId)}`;
    });
    return reply([env.fmt.bold(`Open incidents (${open.length})`), ...lines].join('\n'));
  },
};
