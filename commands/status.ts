import { changeStatus, SETTABLE_STATUSES, type SettableStatus } from '../src/core/incident/change-status.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage = '/incident status <investigating|identified|monitoring|resolved> [note]';

export const statusCommand: IncidentCommand = {
  name: 'status',
  usage,
  summary: 'Move the incident along; the note is posted with the change.',
  run(args, env) {
    const [word = '', ...rest] = args.trim().split(/\s+/);
    const status = word.toLowerCase();
    if (!(SETTABLE_STATUSES as readonly string[]).includes(status)) {
      if (status === 'closed') return reply('To close a resolved incident use `/incident close`.');
      return reply(`${word ? `"${env.fmt.text(word)}" is not a status.` : 'Which status?'} Usage: \`${usage}\``);
    }
    const incident = incidentOfChannel(env);
    const note = rest.join(' ').trim();
    const updated = changeStatus({ ctx: env.ctx, input: { incidentId: incident.id, status: status as SettableStatus, note: note || null } });
    const hint = updated.status === 'resolved' ? ' When the dust settles, `/incident close`.' : '';
    return reply(`${updated.ref} is now *${updated.status}*.${hint}`);
  },
};
