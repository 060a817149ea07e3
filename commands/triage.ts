import { declareFromTriage, dismissAlert } from '../src/core/alert/decide-triage.js';
import { describeTriageAlert } from '../src/core/alert/describe-triage-alert.js';
import { reply, type CommandEnv, type CommandResult, type IncidentCommand } from './command.js';

const usage = 'triage [declare #<alert>|dismiss #<alert> <why>]';
/** A chat reply, not a dashboard: the newest this many; the triage channel has them all. */
const SHOWN = 10;

function pending(env: CommandEnv): CommandResult {
  const alerts = env.ctx.store.alerts.pendingTriage(SHOWN + 1);
  if (alerts.length === 0) return reply('Nothing waits in triage.');
  const lines = [`${env.fmt.bold('Waiting in triage')}${alerts.length > SHOWN ? ` (newest ${SHOWN})` : ''}`];
  for (const alert of alerts.slice(0, SHOWN)) {
    const view = describeTriageAlert(alert, env.fmt);
    lines.push(`• ${env.fmt.code(`#${alert.id}`)} ${view.heading} — ${view.text.split('\n')[0] ?? ''}`);
  }
  lines.push(`Decide with ${env.fmt.command(usage)}.`);
  return reply(lines.join('\n'));
}

export const triageCommand: IncidentCommand = {
  name: 'triage',
  usage,
  summary:
    'Alerts below the war-room threshold: list them, declare one as an incident or dismiss it with a reason (the buttons, typed).',
  run(args, env) {
    const [sub = '', ref = '', ...rest] = args.trim().split(/\s+/);
    const verb = sub.toLowerCase();
    if (verb === '' || verb === 'list') return pending(env);
    if (verb !== 'declare' && verb !== 'dismiss')
      return reply(`Unknown triage command "${env.fmt.text(sub)}". Usage: ${env.fmt.command(usage)}`);
    const alertId = Number(/^#?(\d+)$/.exec(ref)?.[1] ?? NaN);
    if (!Number.isInteger(alertId))
      return reply(
        `Which alert? Give its number, like ${env.fmt.command(`triage ${verb} #42`)}; ${env.fmt.command('triage')} lists them.`,
      );
    if (verb === 'dismiss') {
      const alert = dismissAlert({ ctx: env.ctx, input: { alertId, reason: rest.join(' ') } });
      return reply(`Dismissed alert #${alert.id}: ${env.fmt.text(alert.triageReason ?? '')}`);
    }
    const incident = declareFromTriage({ ctx: env.ctx, input: { alertId } });
    return {
      type: 'declared',
      incident,
      text: `Declared ${env.fmt.bold(incident.ref)} from alert #${alertId}. You lead it.`,
    };
  },
};
