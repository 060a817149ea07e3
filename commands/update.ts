import { postStakeholderUpdate } from '../src/core/incident/post-stakeholder-update.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

export const updateCommand: IncidentCommand = {
  name: 'update',
  usage: 'update <what stakeholders need to know>',
  summary:
    'A stakeholder update: posted here and to the announcements channel, kept on the timeline (counts as a status update).',
  run(args, env) {
    const incident = incidentOfChannel(env);
    const entry = postStakeholderUpdate({ ctx: env.ctx, input: { incidentId: incident.id, text: args } });
    const { channel } = JSON.parse(entry.payload) as { channel: string | null };
    if (channel) return reply(`Update posted here and to the announcements channel.`);
    return reply(
      incident.drillTag
        ? 'Update posted here. A drill announces nothing outside its war room.'
        : 'Update posted here only: no announcements channel is set (WARROOM_ANNOUNCE_CHANNEL), so nobody outside this room sees it.',
    );
  },
};
