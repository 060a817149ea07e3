import { setBridge } from '../src/core/incident/set-bridge.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

export const bridgeCommand: IncidentCommand = {
  name: 'bridge',
  usage: 'bridge <https://meeting-link>|off',
  summary: 'The call responders join: shown in the header, changes kept on the timeline.',
  run(args, env) {
    const incident = incidentOfChannel(env);
    const typed = args.trim();
    if (!typed) {
      return reply(
        incident.bridgeUrl
          ? `Bridge for ${incident.ref}: ${env.fmt.text(incident.bridgeUrl)}`
          : `${incident.ref} has no bridge yet: ${env.fmt.command('bridge <https://meeting-link>')}.`,
      );
    }
    const off = /^(off|none|remove)$/i.test(typed);
    const updated = setBridge({ ctx: env.ctx, input: { incidentId: incident.id, url: off ? null : typed } });
    return reply(
      updated.bridgeUrl
        ? `Bridge set for ${updated.ref}: ${env.fmt.text(updated.bridgeUrl)}`
        : `Bridge removed from ${updated.ref}.`,
    );
  },
};
