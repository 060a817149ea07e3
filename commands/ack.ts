import { acknowledgeIncident } from '../src/core/incident/acknowledge-incident.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

export const ackCommand: IncidentCommand = {
  name: 'ack',
  usage: 'ack',
  summary:
    'Acknowledge the incident (stops the MTTA clock and escalation); on an alert-opened incident, the first to acknowledge leads.',
  run(args, env) {
    if (args.trim()) return reply(`${env.fmt.command('ack')} takes no arguments; run it in the incident channel.`);
    const incident = incidentOfChannel(env);
    const acknowledged = acknowledgeIncident({ ctx: env.ctx, input: { incidentId: incident.id, via: 'command' } });
    const leads = incident.leadId === null && acknowledged.leadId !== null;
    return reply(
      `You acknowledged ${acknowledged.ref}.${leads ? ` You lead it: ${env.fmt.command('lead @someone')} hands it over.` : ''}`,
    );
  },
};
