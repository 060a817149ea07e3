import { attachPlaybook, detachPlaybook } from '../src/core/playbook/attach-playbook.js';
import type { Playbook } from '../src/core/playbook/playbook-schema.js';
import { reopenStage } from '../src/core/playbook/reopen-stage.js';
import { stepViews } from '../src/core/playbook/step-availability.js';
import { reply, type CommandEnv, type CommandResult, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage = 'playbook <list|attach <id>|detach <id>|reopen <stage> <why>>';

function list(env: CommandEnv): CommandResult {
  const incident = incidentOfChannel(env);
  const runs = env.ctx.store.playbooks.runsFor(incident.id).filter((r) => r.status === 'active');
  const lines = [env.fmt.bold(`Playbooks on ${incident.ref}`)];
  for (const run of runs) {
    const playbook = JSON.parse(run.definition) as Playbook;
    const views = stepViews(playbook, env.ctx.store.playbooks.steps(run.id));
    const stages = playbook.stages.map(
      (s) =>
        `${s.id} ${s.steps.filter((st) => ['done', 'skipped', 'na'].includes(views.get(st.id) ?? 'open')).length}/${s.steps.length}`,
    );
    lines.push(
      `• ${env.fmt.code(playbook.id)} v${playbook.version} ${env.fmt.text(playbook.title)} — ${stages.join(' · ')} — ${env.fmt.text(run.reason)}`,
    );
  }
  if (runs.length === 0) lines.push('None attached.');
  const attached = new Set(runs.map((r) => r.playbookId));
  const others = env.ctx.settings.playbooks.filter((p) => !attached.has(p.id));
  if (others.length > 0)
    lines.push(
      `Available: ${others.map((p) => env.fmt.code(p.id)).join(', ')} — ${env.fmt.command('playbook attach <id>')}`,
    );
  return reply(lines.join('\n'));
}

export const playbookCommand: IncidentCommand = {
  name: 'playbook',
  usage,
  summary: 'Playbooks on this incident: list, attach or detach one, or reopen an earlier stage.',
  run(args, env) {
    const [sub = '', first = '', ...rest] = args.trim().split(/\s+/);
    switch (sub.toLowerCase()) {
      case 'list':
      case '':
        return list(env);
      case 'attach': {
        if (!first)
          return reply(
            `Which playbook? Usage: ${env.fmt.command('playbook attach <id>')}. ${env.fmt.command('playbook list')} shows them.`,
          );
        const incident = incidentOfChannel(env);
        const run = attachPlaybook({ ctx: env.ctx, input: { incidentId: incident.id, playbookId: first } });
        return reply(
          `Attached ${env.fmt.code(run.playbookId)} v${run.version}; its checklists are posted in this channel.`,
        );
      }
      case 'detach': {
        if (!first) return reply(`Which playbook? Usage: ${env.fmt.command('playbook detach <id>')}.`);
        const incident = incidentOfChannel(env);
        detachPlaybook({
          ctx: env.ctx,
          input: { incidentId: incident.id, playbookId: first, reason: rest.join(' ') || undefined },
        });
        return reply(`Detached ${env.fmt.code(first)}. Its history stays in the timeline.`);
      }
      case 'reopen': {
        if (!first)
          return reply(
            `Which stage? Usage: ${env.fmt.command('playbook reopen <triage|containment|eradication|recovery|post-incident> <why>')}.`,
          );
        const incident = incidentOfChannel(env);
        const count = reopenStage({
          ctx: env.ctx,
          input: { incidentId: incident.id, stageId: first, reason: rest.join(' ') },
        });
        return reply(`Reopened ${first}: ${count} step${count === 1 ? '' : 's'} open again.`);
      }
      default:
        return reply(`Unknown playbook command "${env.fmt.text(sub)}". Usage: ${env.fmt.command(usage)}`);
    }
  },
};
