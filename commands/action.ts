import { addCorrectiveAction } from '../src/core/postmortem/add-corrective-action.js';
import { completeCorrectiveAction } from '../src/core/postmortem/complete-corrective-action.js';
import { loadPostmortem } from '../src/core/postmortem/load-postmortem.js';
import {
  actionLabel,
  actionLinks,
  parseActionLabel,
  type ActionLink,
  type CorrectiveAction,
} from '../src/core/postmortem/postmortem.js';
import { verifyCorrectiveAction } from '../src/core/postmortem/verify-corrective-action.js';
import type { Fmt } from '../src/core/fmt.js';
import { reply, type CommandEnv, type CommandResult, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';
import { notAPersonText } from './not-a-person.js';

const usage =
  'action <add <title> owner:@user due:YYYY-MM-DD kind:prevent|detect|mitigate|process verify:"…" [rule:<id>] [playbook:<id>] [service:<id>]|done <A1> <link or EV-id>|verify <A1>|list>';
/** `key:value`, the value possibly quoted (Slack clients may send typographic quotes). */
const OPTION = /(?:^|\s)(owner|due|kind|verify|rule|playbook|service):(?:"([^"]*)"|“([^”]*)”|(\S+))/gi;
/** A URL as Slack escapes it (<https://…|label>) or as typed. */
const SLACK_LINK = /^<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>/i;
const unescapeLink = (url: string) => url.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export interface ParsedActionArgs {
  title: string;
  owner: string | null;
  due: string | null;
  kind: string | null;
  verify: string | null;
  links: ActionLink[];
}

/** `Add disk alert owner:@bob due:2026-12-01 kind:detect verify:"alert fires in staging" rule:disk-80` → parts. */
export function parseActionArgs(args: string): ParsedActionArgs {
  const parsed: ParsedActionArgs = { title: '', owner: null, due: null, kind: null, verify: null, links: [] };
  const title = args.replace(OPTION, (_m, key: string, plain?: string, curly?: string, bare?: string) => {
    const value = (plain ?? curly ?? bare ?? '').trim();
    const k = key.toLowerCase();
    if (k === 'rule' || k === 'playbook' || k === 'service') parsed.links.push({ kind: k, ref: value });
    else parsed[k as 'owner' | 'due' | 'kind' | 'verify'] = value;
    return ' ';
  });
  parsed.title = title.replace(/\s+/g, ' ').trim();
  return parsed;
}

function describeAction(a: CorrectiveAction, fmt: Fmt): string {
  const links = actionLinks(a).map((l) => `${l.kind} ${fmt.code(l.ref)}`);
  const status =
    a.status === 'verified'
      ? `verified by ${fmt.user(a.verifiedBy ?? '')}`
      : a.status === 'done'
        ? `done by ${fmt.user(a.doneBy ?? '')}, awaiting verification`
        : 'open';
  return [
    `• ${fmt.bold(actionLabel(a))} [${a.kind}] ${fmt.text(a.title)} — ${fmt.user(a.ownerId)}, due ${a.dueDate} — ${fmt.bold(status)}`,
    `   verified when: ${fmt.text(a.verification)}${a.evidence ? ` · evidence: ${fmt.text(a.evidence)}` : ''}${links.length > 0 ? ` · changes ${links.join(', ')}` : ''}`,
  ].join('\n');
}

function add(args: string, env: CommandEnv): CommandResult {
  const p = parseActionArgs(args);
  const owner = p.owner ? env.parseUser(p.owner) : null;
  if (p.owner && !owner) return reply(notAPersonText(p.owner, env, 'owner:@user'));
  const incident = incidentOfChannel(env);
  const action = addCorrectiveAction({
    ctx: env.ctx,
    input: {
      incidentId: incident.id,
      title: p.title,
      ownerId: owner ?? '',
      dueDate: p.due ?? '',
      kind: p.kind ?? '',
      verification: p.verify ?? '',
      links: p.links,
    },
  });
  return reply(
    `Added corrective action ${env.fmt.bold(actionLabel(action))} for ${env.fmt.user(action.ownerId)}, due ${action.dueDate}. It is done with ${env.fmt.command(`action done ${actionLabel(action)} <link or EV-id>`)}, and verified by someone else.`,
  );
}

function list(env: CommandEnv): CommandResult {
  const incident = incidentOfChannel(env);
  const actions = env.ctx.store.postmortems.actions(loadPostmortem(env.ctx.store, incident).id);
  if (actions.length === 0)
    return reply(`No corrective actions on ${incident.ref} yet. Usage: ${env.fmt.command(usage)}`);
  return reply(
    [
      env.fmt.bold(`${incident.ref} corrective actions (${actions.length})`),
      ...actions.map((a) => describeAction(a, env.fmt)),
    ].join('\n'),
  );
}

export const actionCommand: IncidentCommand = {
  name: 'action',
  usage,
  summary:
    'Corrective actions of the postmortem: add (owner, due date, kind, verification criterion), mark done with proof, verify (not the owner), list.',
  run(args, env) {
    const trimmed = args.trim();
    const [sub = '', id = ''] = trimmed.split(/\s+/);
    const sublower = sub.toLowerCase();
    if (sublower === 'add') return add(trimmed.slice(sub.length), env);
    if (sublower === 'list' || sublower === '') return list(env);
    if (sublower !== 'done' && sublower !== 'verify')
      return reply(`Unknown action command "${env.fmt.text(sub)}". Usage: ${env.fmt.command(usage)}`);
    const number = parseActionLabel(id);
    if (number === null)
      return reply(
        `Which action? Give its id, e.g. ${env.fmt.command(`action ${sublower} A1`)}. ${env.fmt.command('action list')} shows them.`,
      );
    const incident = incidentOfChannel(env);
    if (sublower === 'verify') {
      const verified = verifyCorrectiveAction({ ctx: env.ctx, input: { incidentId: incident.id, number } });
      return reply(`Verified ${env.fmt.bold(actionLabel(verified))}: ${env.fmt.text(verified.title)}.`);
    }
    const rest = trimmed.slice(trimmed.indexOf(id) + id.length).trim();
    const link = SLACK_LINK.exec(rest);
    const evidence = link ? `${unescapeLink(link[1] ?? '')} ${rest.slice(link[0].length).trim()}`.trim() : rest;
    const done = completeCorrectiveAction({ ctx: env.ctx, input: { incidentId: incident.id, number, evidence } });
    return reply(
      `Marked ${env.fmt.bold(actionLabel(done))} done. Someone other than ${env.fmt.user(done.ownerId)} verifies it: ${env.fmt.command(`action verify ${actionLabel(done)}`)}.`,
    );
  },
};
