import { Actor, actorUserId } from '../src/core/actor.js';
import { addEvidence } from '../src/core/evidence/add-evidence.js';
import { formatBytes } from '../src/core/evidence/format-bytes.js';
import { evidenceLabel, shortHash, type EvidenceItem } from '../src/core/evidence/evidence-item.js';
import type { Fmt } from '../src/core/fmt.js';
import { reply, type CommandEnv, type CommandResult, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const usage = 'evidence <add [host=… ip=… serial=…] <text or URL> [description] | list>';
const MAX_LISTED = 30;
const IDENTIFIER = /^(host|ip|serial)=(\S+)(?:\s+|$)/i;
/** A URL as typed (sandbox) or as Slack escapes it with should_escape: <https://…> or <https://…|label>. */
const LINK = /^(?:<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>|(https?:\/\/\S+))(?:\s+|$)/i;

/** Undoes Slack's escaping inside a link (&amp; in a query string). */
const unescapeLink = (url: string) => url.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

type Identifiers = { host?: string; ip?: string; serial?: string };
type ParsedEvidence =
  | { kind: 'text'; text: string; source: Identifiers }
  | { kind: 'url'; url: string; description: string; source: Identifiers };

/**
 * `host=web-7 ip=10.0.0.5 https://… what it is` → identifiers, then a URL item (the URL string only: warroom never
 * fetches it) with the rest as its description; anything else is a text item stored exactly as it arrived.
 */
export function parseEvidenceArgs(args: string): ParsedEvidence | null {
  let rest = args.trim();
  const source: Identifiers = {};
  for (let match = IDENTIFIER.exec(rest); match; match = IDENTIFIER.exec(rest)) {
    source[(match[1] ?? '').toLowerCase() as keyof Identifiers] = match[2] ?? '';
    rest = rest.slice(match[0].length);
  }
  if (!rest) return null;
  const link = LINK.exec(rest);
  if (link) {
    const url = unescapeLink(link[1] ?? link[2] ?? '');
    return { kind: 'url', url, description: rest.slice(link[0].length).trim(), source };
  }
  return { kind: 'text', text: rest, source };
}

function collector(item: EvidenceItem, fmt: Fmt): string {
  const actor = Actor.safeParse(JSON.parse(item.collectedBy));
  if (!actor.success) return 'unknown';
  const userId = actorUserId(actor.data);
  if (userId) return fmt.user(userId);
  return actor.data.type === 'alert' ? `alert source ${actor.data.source}` : 'warroom';
}

function add(args: string, env: CommandEnv): CommandResult {
  const parsed = parseEvidenceArgs(args);
  if (!parsed) return reply(`Write the evidence after the command. Usage: ${env.fmt.command(usage)}`);
  const incident = incidentOfChannel(env);
  const { item, duplicate } = addEvidence({
    ctx: env.ctx,
    input: { ...parsed, incidentId: incident.id, purpose: 'added with the evidence add command' },
  });
  const what = `${env.fmt.bold(evidenceLabel(item))} (${item.kind}, sha256 ${env.fmt.code(`${shortHash(item.sha256)}…`)})`;
  if (duplicate)
    return reply(
      `That is already in the ${incident.ref} evidence vault as ${what}, collected by ${collector(item, env.fmt)} at ${env.fmt.time(item.collectedAt)}.`,
    );
  return reply(
    `Stored ${what} in the ${incident.ref} evidence vault. Custody: collected by you at ${env.fmt.time(item.collectedAt)} (${item.tz}).`,
  );
}

function list(env: CommandEnv): CommandResult {
  const incident = incidentOfChannel(env);
  const items = env.ctx.store.evidence.itemsFor(incident.id);
  if (items.length === 0)
    return reply(
      `No evidence in ${incident.ref} yet. ${env.fmt.command('evidence add <text or URL>')}, or share a file in this channel.`,
    );
  const shown = items.slice(-MAX_LISTED);
  const lines = shown.map(
    (i) =>
      `• ${env.fmt.bold(evidenceLabel(i))} ${i.kind} ${env.fmt.code(shortHash(i.sha256))} ${formatBytes(i.size)} — ${env.fmt.text(i.description || '(no description)')} — ${collector(i, env.fmt)}, ${env.fmt.time(i.collectedAt)}`,
  );
  const more =
    items.length > shown.length
      ? [
          `(${items.length - shown.length} older items not shown; ${env.fmt.code(`warroom evidence export ${incident.ref}`)} has all of them)`,
        ]
      : [];
  return reply([env.fmt.bold(`${incident.ref} evidence (${items.length})`), ...more, ...lines].join('\n'));
}

export const evidenceCommand: IncidentCommand = {
  name: 'evidence',
  usage,
  summary: 'Add text or a URL to the evidence vault (files shared here are kept too), or list it.',
  run(args, env) {
    const [sub = ''] = args.trim().split(/\s+/);
    const rest = args.trim().slice(sub.length);
    switch (sub.toLowerCase()) {
      case 'add':
        return add(rest, env);
      case 'list':
      case '':
        return list(env);
      default:
        return reply(`Unknown evidence command "${env.fmt.text(sub)}". Usage: ${env.fmt.command(usage)}`);
    }
  },
};
