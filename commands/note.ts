import { addNote } from '../src/core/timeline/add-note.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

export const noteCommand: IncidentCommand = {
  name: 'note',
  usage: 'note <text>',
  summary: 'Add a note to the timeline (also posted in the war room).',
  run(args, env) {
    if (!args.trim()) return reply(`Write the note after the command. Usage: ${env.fmt.command('note <text>')}`);
    const incident = incidentOfChannel(env);
    const entry = addNote({ ctx: env.ctx, input: { incidentId: incident.id, text: args } });
    return reply(`Noted in the ${incident.ref} timeline (#${entry.seq}).`);
  },
};
