import { describeDrill } from '../src/core/drill/describe-drill.js';
import { queueDrill } from '../src/core/drill/queue-drill.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage = 'drill <playbook>|report';

export const drillCommand: IncidentCommand = {
  name: 'drill',
  usage,
  summary: (fmt) =>
    `Replay a playbook's recorded alerts into a [DRILL] war room (no paging); ${fmt.code('report')} in that room shows timings.`,
  run(args, env) {
    const [first = ''] = args.trim().split(/\s+/);
    if (first === 'report') {
      const incident = incidentOfChannel(env);
      if (!incident.drillTag)
        return reply(`${incident.ref} is not a drill. Start one with ${env.fmt.command('drill <playbook>')}.`);
      return reply(env.fmt.pre(describeDrill(env.ctx.store, incident, env.ctx.now())));
    }
    const replays = env.ctx.settings.drillReplays ?? {};
    if (!first)
      return reply(
        `Which playbook? Usage: ${env.fmt.command(usage)}. Drills exist for: ${Object.keys(replays).join(', ') || 'none'}.`,
      );
    const webhooks = replays[first];
    if (!webhooks) {
      return reply(
        `No recorded alerts to replay for "${env.fmt.text(first)}" (add playbooks/drills/${env.fmt.text(first)}.jsonl). Drills exist for: ${Object.keys(replays).join(', ') || 'none'}.`,
      );
    }
    const { tag, queued } = queueDrill({ ctx: env.ctx, input: { playbookId: first, webhooks: [...webhooks] } });
    return reply(
      `Drill ${env.fmt.code(tag)} started: replaying ${queued} recorded alert${queued === 1 ? '' : 's'} through ingestion. A [DRILL] war room opens shortly; nobody is paged. In it, ${env.fmt.command('drill report')} shows what fired and how long each step took.`,
    );
  },
};
