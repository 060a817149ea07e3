import { declareSeparately, describeDeclaredSeparately } from '../src/core/storm/declare-separately.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage = 'split <service>|#<alert>';

/** The Declare separately button, typed: for the services of a big storm that have no button in its message. */
export const splitCommand: IncidentCommand = {
  name: 'split',
  usage,
  summary:
    "In an alert storm's war room: declare one service's alerts (or one alert) separately, as an incident you lead.",
  run(args, env) {
    const ref = args.trim();
    if (ref === '')
      return reply(
        `Which service or alert? For example ${env.fmt.command('split checkout')} or ${env.fmt.command('split #42')} (the storm's alert message lists them).`,
      );
    const alertId = /^#(\d+)$/.exec(ref)?.[1];
    const storm = incidentOfChannel(env);
    const result = declareSeparately({
      ctx: env.ctx,
      input: {
        stormIncidentId: storm.id,
        target: alertId ? { alertId: Number(alertId) } : { service: ref },
        via: 'command',
      },
    });
    return { type: 'declared', incident: result.incident, text: describeDeclaredSeparately(result, env.fmt) };
  },
};
