import type { Fmt } from '../src/core/fmt.js';
import { addPostmortemNote } from '../src/core/postmortem/add-postmortem-note.js';
import { addWhy } from '../src/core/postmortem/add-why.js';
import { describePostmortem, type PostmortemView } from '../src/core/postmortem/describe-postmortem.js';
import { finalizePostmortem } from '../src/core/postmortem/finalize-postmortem.js';
import { CATEGORY_LABELS, ROOT_CAUSE_CATEGORIES, type PostmortemNoteKind } from '../src/core/postmortem/postmortem.js';
import { setPostmortemProblem } from '../src/core/postmortem/set-postmortem-problem.js';
import { setRootCauseCategory } from '../src/core/postmortem/set-root-cause-category.js';
import { startCausalChain } from '../src/core/postmortem/start-causal-chain.js';
import { startPostmortem } from '../src/core/postmortem/start-postmortem.js';
import { reply, type CommandEnv, type CommandResult, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage =
  'postmortem [show|why <answer>|chain|problem <text>|category <category>|factor <text>|went-well <text>|lesson <text>|finalize]';
const NOTE_SUBCOMMANDS: Record<string, PostmortemNoteKind> = {
  factor: 'factor',
  'went-well': 'went_well',
  lesson: 'lesson',
};

/** Where the postmortem stands and what to type next. */
export function postmortemStatusText(view: PostmortemView, fmt: Fmt): string {
  const p = view.postmortem;
  const lines = [`${fmt.bold(`${view.ref} postmortem`)} (${p.state})`, `Problem: ${fmt.text(p.problem)}`];
  for (const { chain, whys } of view.chains) {
    lines.push(`Causal chain ${chain}:${whys.length === 0 ? ' (no answers yet)' : ''}`);
    for (const w of whys)
      lines.push(`  ${w.depth}. ${fmt.text(w.question)}? → ${fmt.bold(fmt.text(w.answer))} (${fmt.user(w.author)})`);
  }
  if (view.next) {
    lines.push(
      `Next — Why ${view.next.depth} (chain ${view.next.chain}): ${fmt.text(view.next.question)}? Answer with ${fmt.command('postmortem why <answer>')}.`,
    );
    if (view.next.depth > 1)
      lines.push(`Reached a root cause? ${fmt.command('postmortem chain')} starts another causal chain.`);
  } else if (p.state === 'draft') {
    lines.push(`Chain ${p.currentChain} has its five whys. ${fmt.command('postmortem chain')} starts another.`);
  }
  lines.push(
    p.category
      ? `Root-cause category: ${fmt.bold(CATEGORY_LABELS[p.category])}`
      : `Root-cause category: not set — ${fmt.command(`postmortem category <${ROOT_CAUSE_CATEGORIES.join('|')}>`)}`,
  );
  const count = (kind: PostmortemNoteKind) => view.notes.filter((n) => n.kind === kind).length;
  lines.push(
    `Contributing factors ${count('factor')} · went well ${count('went_well')} · lessons ${count('lesson')} · corrective actions ${view.actions.length} (${fmt.command('action list')})`,
  );
  if (p.state === 'draft') {
    lines.push(
      view.missing.length > 0
        ? `Before the lead can finalize: ${view.missing.join(' and ')}.`
        : `Ready: the lead (${view.leadId ? fmt.user(view.leadId) : 'nobody yet'}) finalizes with ${fmt.command('postmortem finalize')}.`,
    );
  }
  return lines.join('\n');
}

const SUBCOMMANDS = [
  '',
  'show',
  'status',
  'why',
  'chain',
  'problem',
  'category',
  'factor',
  'went-well',
  'lesson',
  'finalize',
];
const STARTED = 'Postmortem started; progress is saved after every answer.\n';

function statusText(env: CommandEnv, prefix = ''): string {
  const incident = incidentOfChannel(env);
  const { postmortem } = startPostmortem({ ctx: env.ctx, input: { incidentId: incident.id } });
  return `${prefix}${postmortemStatusText(describePostmortem(env.ctx.store, incident, postmortem), env.fmt)}`;
}

const show = (env: CommandEnv, prefix = ''): CommandResult => reply(statusText(env, prefix));

export const postmortemCommand: IncidentCommand = {
  name: 'postmortem',
  usage,
  summary:
    'The 5 Whys postmortem of a resolved incident: whys, causal chains, root-cause category, factors, lessons; the lead finalizes.',
  run(args, env) {
    const trimmed = args.trim();
    const [sub = ''] = trimmed.split(/\s+/);
    const rest = trimmed.slice(sub.length).trim();
    const name = sub.toLowerCase();
    if (!SUBCOMMANDS.includes(name))
      return reply(`Unknown postmortem command "${env.fmt.text(sub)}". Usage: ${env.fmt.command(usage)}`);
    const incident = incidentOfChannel(env);
    const ctx = env.ctx;
    // Any postmortem command starts it when there is none yet (once the incident is resolved).
    const started = startPostmortem({ ctx, input: { incidentId: incident.id } }).started ? STARTED : '';
    // Alone it opens the same form as the Start postmortem button; `show` and `status` only say where it stands.
    if (name === '') return { type: 'open-postmortem-form', incidentId: incident.id, text: statusText(env, started) };
    if (name === 'show' || name === 'status') return show(env, started);
    switch (name) {
      case 'why': {
        if (!rest)
          return reply(
            `${started}Write the answer after ${env.fmt.code('why')}: ${env.fmt.command('postmortem why the deploy shipped a bad config')}.`,
          );
        const why = addWhy({ ctx, input: { incidentId: incident.id, answer: rest } });
        return show(env, `${started}Saved Why ${why.depth} of chain ${why.chain}.\n`);
      }
      case 'chain': {
        const chain = startCausalChain({ ctx, input: { incidentId: incident.id } });
        return show(env, `Causal chain ${chain} started.\n`);
      }
      case 'problem':
        setPostmortemProblem({ ctx, input: { incidentId: incident.id, problem: rest } });
        return show(env, `${started}Problem statement saved.\n`);
      case 'category': {
        const postmortem = setRootCauseCategory({ ctx, input: { incidentId: incident.id, category: rest } });
        return reply(
          `${started}Root-cause category: ${env.fmt.bold(postmortem.category ? CATEGORY_LABELS[postmortem.category] : rest)}.`,
        );
      }
      case 'factor':
      case 'went-well':
      case 'lesson': {
        const kind = NOTE_SUBCOMMANDS[name] ?? 'lesson';
        addPostmortemNote({ ctx, input: { incidentId: incident.id, kind, text: rest } });
        return reply(`${started}Added to the ${incident.ref} postmortem (${name}).`);
      }
      case 'finalize':
        finalizePostmortem({ ctx, input: { incidentId: incident.id } });
        return reply(
          `The ${incident.ref} postmortem is finalized; its Markdown is being posted to this channel. ${env.fmt.command('close')} when you are ready.`,
        );
      default:
        return reply(`Unknown postmortem command "${env.fmt.text(sub)}". Usage: ${env.fmt.command(usage)}`);
    }
  },
};
