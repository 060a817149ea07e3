import { approveAction, rejectAction, requestStepAction } from '../src/core/approval/request-action.js';
import {
  answerDecision,
  claimStep,
  completeStep,
  markStepNotApplicable,
  skipStep,
} from '../src/core/playbook/act-on-step.js';
import { findStepByRef } from '../src/core/playbook/find-step-by-ref.js';
import { listOpenSteps } from '../src/core/playbook/list-open-steps.js';
import { reply, type CommandEnv, type CommandResult, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage = 'step [done|claim|skip|na|answer|request|approve|reject] <step> [reason or answer]';

/** The steps of started stages still to do, with the ids to type: the checklist for people without buttons. */
function openSteps(env: CommandEnv): CommandResult {
  const incident = incidentOfChannel(env);
  const open = listOpenSteps(env.ctx.store, incident, env.fmt, env.ctx.now());
  const lines = [
    env.fmt.bold(`Open steps on ${incident.ref}`),
    ...open.map((s) => `• ${env.fmt.code(s.ref)} ${s.line}`),
  ];
  if (open.length === 0)
    lines.push(
      `Nothing open: every started stage is settled, or no playbook is attached (${env.fmt.command('playbook list')}).`,
    );
  else lines.push(`Act on one: ${env.fmt.command(usage)}`);
  return reply(lines.join('\n'));
}

export const stepCommand: IncidentCommand = {
  name: 'step',
  usage,
  summary:
    'Playbook steps by typing: list the open ones, claim, done, skip, N/A, answer a decision, request an action and approve or reject it.',
  run(args, env) {
    const [sub = '', ref = '', ...rest] = args.trim().split(/\s+/);
    const text = rest.join(' ').trim();
    const verb = sub.toLowerCase();
    if (verb === '' || verb === 'list') return openSteps(env);
    if (!ref) return reply(`Which step? ${env.fmt.command(usage)}; ${env.fmt.command('step')} lists the open ones.`);
    const incident = incidentOfChannel(env);
    const { run, step } = findStepByRef(env.ctx.store, incident, ref);
    const input = { runId: run.id, stepId: step.id, via: 'command' as const };
    const name = `${env.fmt.code(step.id)} (${env.fmt.text(step.title)})`;
    switch (verb) {
      case 'claim':
        claimStep({ ctx: env.ctx, input });
        return reply(`${name} is yours: your name is on the step.`);
      case 'done':
        if (step.type === 'decision')
          return reply(
            `${name} is a decision: ${env.fmt.command(`step answer ${step.id} <${step.answers.map((a) => a.label).join('|')}>`)}.`,
          );
        if (step.type === 'action')
          return reply(`${name} runs an action after approval: ${env.fmt.command(`step request ${step.id}`)}.`);
        completeStep({ ctx: env.ctx, input });
        return reply(`Marked ${name} done.`);
      case 'skip':
        skipStep({ ctx: env.ctx, input: { ...input, reason: text } });
        return reply(`Skipped ${name}: ${env.fmt.text(text)}`);
      case 'na':
        markStepNotApplicable({ ctx: env.ctx, input: { ...input, reason: text } });
        return reply(`Marked ${name} not applicable.`);
      case 'answer': {
        if (!text) return reply(`Answer what? ${env.fmt.command(`step answer ${step.id} <answer>`)}.`);
        // The recorded answer is the whole label, which may be longer than what was typed ("yes").
        const answered = answerDecision({ ctx: env.ctx, input: { ...input, answer: text } });
        return reply(`Answered ${name}: ${env.fmt.text(answered.answer ?? text)}.`);
      }
      case 'request': {
        const approval = requestStepAction({ ctx: env.ctx, input: { runId: run.id, stepId: step.id } });
        return reply(
          `Requested ${name}. Someone other than you with the ${approval.approverRole} role approves it with ${env.fmt.command(`step approve ${step.id}`)}.`,
        );
      }
      case 'approve':
      case 'reject': {
        const approval = env.ctx.store.approvals.openFor(run.id, step.id);
        if (!approval)
          return reply(
            `Nothing waits for approval on ${name}. ${env.fmt.command(`step request ${step.id}`)} asks for it.`,
          );
        if (verb === 'approve') {
          approveAction({ ctx: env.ctx, input: { approvalId: approval.id } });
          return reply(`Approved ${approval.action}; it runs now.`);
        }
        rejectAction({ ctx: env.ctx, input: { approvalId: approval.id, reason: text } });
        return reply(`Rejected ${approval.action}: ${env.fmt.text(text)}`);
      }
      default:
        return reply(`Unknown step command "${env.fmt.text(sub)}". Usage: ${env.fmt.command(usage)}`);
    }
  },
};
