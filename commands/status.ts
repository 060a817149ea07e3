import { changeStatus, SETTABLE_STATUSES, type SettableStatus } from '../src/core/incident/change-status.js';
import { describeIncident } from '../src/core/incident/describe-incident.js';
import { userOrNobody } from '../src/core/fmt.js';
import { reply, type CommandEnv, type CommandResult, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';
import { runResolve } from './resolve.js';

const usage = 'status <investigating|identified|monitoring|resolved> [note]';

/** `/incident status` alone: where the incident stands, in words (what the header shows), and how to move it. */
function whereItStands(env: CommandEnv): CommandResult {
  const incident = incidentOfChannel(env);
  const { store, settings } = env.ctx;
  const view = describeIncident(
    incident,
    store.roles.forIncident(incident.id),
    settings.roles,
    env.ctx.now(),
    store.schedules.clocksFor(incident.id),
  );
  const f = env.fmt;
  const lines = [
    `${env.fmt.bold(f.text(view.heading))} — ${view.severity} · ${env.fmt.bold(view.status)} · ${view.elapsed}`,
    `Lead ${userOrNobody(f, view.leadId, 'nobody yet')} · ${view.roles.map((r) => `${r.role} ${userOrNobody(f, r.userId)}`).join(' · ')}`,
  ];
  if (view.bridgeUrl) lines.push(`Bridge ${f.text(view.bridgeUrl)}`);
  for (const c of view.clocks)
    lines.push(`${f.text(c.title)}: due ${f.time(c.deadline)} (${c.state === 'running' ? c.remaining : c.state})`);
  if (incident.status !== 'closed') lines.push(`Move it with ${env.fmt.command(usage)}.`);
  return reply(lines.join('\n'));
}

export const statusCommand: IncidentCommand = {
  name: 'status',
  usage,
  summary: 'Move the incident along (the note is posted with the change); alone, where it stands.',
  run(args, env) {
    const [word = '', ...rest] = args.trim().split(/\s+/);
    if (!word) return whereItStands(env);
    const status = word.toLowerCase();
    if (!(SETTABLE_STATUSES as readonly string[]).includes(status)) {
      if (status === 'closed') return reply(`To close a resolved incident use ${env.fmt.command('close')}.`);
      return reply(`"${env.fmt.text(word)}" is not a status. Usage: ${env.fmt.command(usage)}`);
    }
    const incident = incidentOfChannel(env);
    const note = rest.join(' ').trim();
    // The same question as the Resolve button when playbook work is still open.
    if (status === 'resolved')
      return runResolve(env.ctx, env.fmt, {
        incidentId: incident.id,
        via: 'command',
        note: note || null,
        confirmed: false,
      });
    const updated = changeStatus({
      ctx: env.ctx,
      input: { incidentId: incident.id, status: status as SettableStatus, note: note || null },
    });
    return reply(`${updated.ref} is now ${env.fmt.bold(updated.status)}.`);
  },
};
