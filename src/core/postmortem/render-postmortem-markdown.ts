import { formatDuration, intervalToDuration } from 'date-fns';
import { slashCommand, type Fmt } from '../fmt.js';
import { ICONS } from '../icon.js';
import { describeTimelineEntry } from '../timeline/describe-timeline-entry.js';
import { escapeMarkdown as esc } from './escape-markdown.js';
import {
  actionLabel,
  actionLinks,
  CATEGORY_LABELS,
  type CorrectiveAction,
  type PostmortemNoteKind,
} from './postmortem.js';
import type { PostmortemReport } from './postmortem-report.js';
import type { RecurrencePayload } from './describe-recurrence.js';
import { formatZoned, zonedParts } from './zoned-time.js';
import { Actor, actorUserId } from '../actor.js';
import { openWorkAtResolve } from '../incident/open-work-at-resolve.js';

/** Entries that are the postmortem itself; its own sections show them. */
const POSTMORTEM_KINDS = /^(postmortem|corrective_action|recurrence)\./;

/**
 * A person by name with their id beside it, which stays the audit key ("Carol Medina (U0CAROL)"); someone the
 * directory has no name for stays `@U0CAROL`.
 */
const namedPerson = (id: string, name: string | undefined): string =>
  name ? `${esc(name)} (${esc(id)})` : `@${esc(id)}`;

function personIn(people: PostmortemReport['people']) {
  return (id: string | null): string => (id ? namedPerson(id, people.get(id)) : 'unassigned');
}

/** "1 hour 5 minutes" (date-fns); "1 month 2 days" past a month; under a minute in seconds. */
export function durationBetween(fromIso: string, toIso: string): string {
  const duration = intervalToDuration({ start: new Date(fromIso), end: new Date(toIso) });
  // Years and months too: intervalToDuration moves whole months out of `days`, so 33 days would read "2 days".
  const text = formatDuration(duration, { format: ['years', 'months', 'days', 'hours', 'minutes'] });
  // It also leaves zero units out: under a second there is no `seconds` to print, and the cell would be empty.
  return text || formatDuration({ seconds: duration.seconds ?? 0 }, { format: ['seconds'], zero: true });
}

/** Markdown for text inside the document: escaped, with times in the configured zone. */
function markdownFmt(timeZone: string, user: (id: string) => string): Fmt {
  return {
    user,
    person: namedPerson,
    channel: (id, name) => `#${esc(name ?? id)}`,
    text: esc,
    time: (iso) => formatZoned(iso, timeZone),
    bold: (formatted) => `**${formatted}**`,
    em: (formatted) => `_${formatted}_`,
    code: (raw) => `\`${raw.replace(/`/g, 'ˋ')}\``,
    pre: (raw) => `\`\`\`\n${raw.replace(/`/g, 'ˋ')}\n\`\`\``,
    command: (args) => `\`${slashCommand(args)}\``,
    link: (url, label) => `[${label}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`,
    icon: (name) => ICONS[name],
  };
}

function summary(r: PostmortemReport): string[] {
  const category = r.postmortem.category ? CATEGORY_LABELS[r.postmortem.category] : 'not set';
  const chains = new Set(r.whys.map((w) => w.chain)).size;
  return [
    '## Summary',
    '',
    esc(r.postmortem.problem),
    '',
    `Root-cause category: **${category}**. ${chains} causal chain(s), ${r.whys.length} whys, ${r.actions.length} corrective action(s).`,
  ];
}

function impact(r: PostmortemReport, tz: string): string[] {
  const i = r.incident;
  const lines = [
    '## Impact',
    '',
    `- Severity: ${i.severity.toUpperCase()}${i.priority ? ` (priority ${i.priority})` : ''}`,
  ];
  lines.push(`- Service: ${i.service ? esc(i.service) : 'not recorded'}`);
  const end = i.resolvedAt ?? i.closedAt;
  lines.push(
    end
      ? `- Duration: ${durationBetween(i.declaredAt, end)} (declared ${formatZoned(i.declaredAt, tz)}, resolved ${formatZoned(end, tz)})`
      : `- Duration: still open (declared ${formatZoned(i.declaredAt, tz)})`,
  );
  if (r.alerts.length > 0) {
    const occurrences = r.alerts.reduce((n, a) => n + a.receivedCount, 0);
    lines.push(`- Alerts: ${r.alerts.length} (${occurrences} occurrences)`);
  }
  if (i.drillTag) lines.push(`- Drill: ${esc(i.drillTag)} (replayed telemetry, not a real incident)`);
  return lines;
}

function timeline(r: PostmortemReport, tz: string): string[] {
  const entries = r.timeline.filter((e) => !POSTMORTEM_KINDS.test(e.kind));
  const days = [...new Set(entries.map((e) => zonedParts(e.at, tz).date))];
  // A record, not a chat: the entries' pictograms are left out.
  const fmt: Fmt = { ...markdownFmt(tz, personIn(r.people)), icon: () => '' };
  // One day: times only, the date said once. Over midnight (in the configured zone): every line has its date.
  const withDate = days.length > 1;
  const intro = withDate
    ? `Times in ${tz}.`
    : `Times in ${tz}, on ${days[0] ?? zonedParts(r.incident.declaredAt, tz).date}.`;
  const lines = entries.map(
    (e) => `- ${formatZoned(e.at, tz, withDate)} — ${describeTimelineEntry(e, fmt, r.people).trimStart()}`,
  );
  return ['## Timeline', '', intro, '', ...lines];
}

/** Resolved with playbook work still open: what was left, so the review can ask why (empty when nothing was). */
function openAtResolve(r: PostmortemReport, tz: string): string[] {
  const found = openWorkAtResolve(r.timeline);
  if (!found) return [];
  const { openWork, entry } = found;
  const by = actorUserId(Actor.parse(JSON.parse(entry.actor)));
  const lines = [
    '## Open at resolve',
    '',
    `Resolved ${formatZoned(entry.at, tz)} (${tz})${by ? ` by ${personIn(r.people)(by)}` : ''}, who confirmed that this playbook work was still open:`,
    '',
    ...openWork.steps.map((s) => `- ${esc(s.stage)}: ${esc(s.title)} (\`${esc(s.playbookId)}/${esc(s.stepId)}\`)`),
    ...openWork.stages.map(
      (s) => `- never started: ${esc(s.title)}, ${s.steps} step(s) (\`${esc(s.playbookId)}\`, ${esc(s.stage)})`,
    ),
  ];
  return lines;
}

function roles(r: PostmortemReport): string[] {
  const p = r.postmortem;
  const user = personIn(r.people);
  const lines = [
    '## Roles',
    '',
    `- Lead: ${user(r.incident.leadId)}`,
    ...r.roles.map((a) => `- ${esc(a.role)}: ${user(a.userId)}`),
  ];
  lines.push(
    `- Postmortem: started by ${user(p.startedBy)}${p.finalizedBy ? `, finalized by ${user(p.finalizedBy)}` : ''}`,
  );
  return lines;
}

function metrics(r: PostmortemReport, tz: string): string[] {
  const i = r.incident;
  const rows: Array<[string, string]> = [['Declared', formatZoned(i.declaredAt, tz)]];
  if (i.detectedAt)
    rows.push(
      ['Detected (first alert)', formatZoned(i.detectedAt, tz)],
      ['Detection to war room', durationBetween(i.detectedAt, i.declaredAt)],
    );
  if (i.acknowledgedAt) rows.push(['Time to acknowledge', durationBetween(i.declaredAt, i.acknowledgedAt)]);
  if (i.mitigatedAt) rows.push(['Time to mitigate', durationBetween(i.declaredAt, i.mitigatedAt)]);
  if (i.resolvedAt) rows.push(['Time to resolve', durationBetween(i.declaredAt, i.resolvedAt)]);
  if (i.closedAt) rows.push(['Closed', formatZoned(i.closedAt, tz)]);
  rows.push(['Timeline entries', String(r.timeline.length)]);
  return ['## Metrics', '', '| Metric | Value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function whys(r: PostmortemReport): string[] {
  const user = personIn(r.people);
  const lines = ['## 5 Whys'];
  const chains = [...new Set(r.whys.map((w) => w.chain))];
  if (chains.length === 0) lines.push('', 'No whys answered.');
  for (const chain of chains) {
    lines.push('', `### Causal chain ${chain}`, '');
    for (const w of r.whys.filter((x) => x.chain === chain)) {
      lines.push(`${w.depth}. **${esc(w.question)}?**  `, `   ${esc(w.answer)} — ${user(w.author)}`);
    }
  }
  const category = r.postmortem.category ? CATEGORY_LABELS[r.postmortem.category] : 'not set';
  lines.push('', `Root-cause category: **${category}**`);
  return lines;
}

function notes(r: PostmortemReport, kind: PostmortemNoteKind, heading: string): string[] {
  const user = personIn(r.people);
  const items = r.notes.filter((n) => n.kind === kind).map((n) => `- ${esc(n.text)} — ${user(n.author)}`);
  return [`## ${heading}`, '', ...(items.length > 0 ? items : ['None recorded.'])];
}

function actionStatus(a: CorrectiveAction, tz: string, user: (id: string | null) => string): string {
  if (a.status === 'verified')
    return `verified by ${user(a.verifiedBy)} ${a.verifiedAt ? formatZoned(a.verifiedAt, tz) : ''}; evidence: ${esc(a.evidence ?? '')}`;
  if (a.status === 'done') return `done (not verified yet); evidence: ${esc(a.evidence ?? '')}`;
  return 'open';
}

function actions(r: PostmortemReport, tz: string): string[] {
  if (r.actions.length === 0) return ['## Corrective actions', '', 'None recorded.'];
  const user = personIn(r.people);
  const rows = r.actions.map((a) => {
    const links =
      actionLinks(a)
        .map((l) => `${l.kind}: ${esc(l.ref)}`)
        .join(', ') || '—';
    return `| ${actionLabel(a)} | ${esc(a.title)} | ${a.kind} | ${user(a.ownerId)} | ${a.dueDate} | ${esc(a.verification)} | ${actionStatus(a, tz, user)} | ${links} |`;
  });
  return [
    '## Corrective actions',
    '',
    '| # | Action | Kind | Owner | Due | Verified when | Status | Changes |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

function recurrence(r: PostmortemReport, tz: string): string[] {
  const flagged = r.timeline
    .filter((e) => e.kind === 'recurrence.flagged')
    .map((e) => JSON.parse(e.payload) as RecurrencePayload);
  if (flagged.length === 0) return [];
  const lines = flagged.map(
    (p) =>
      `- ${esc(p.ref)} (${esc(p.title)}, declared ${formatZoned(p.declaredAt, tz)}): same ${p.reasons.map(esc).join(' and ')}; postmortem ${p.postmortem}`,
  );
  return ['## Recurrence', '', ...lines];
}

/**
 * The postmortem as a Markdown document. Logic-less string building: every piece of user or alert text goes
 * through escapeMarkdown, and nothing is ever interpreted as a template. Times are in `timeZone`.
 */
export function renderPostmortemMarkdown(report: PostmortemReport, opts: { timeZone: string }): string {
  const tz = opts.timeZone;
  const { incident: i, postmortem: p } = report;
  const state =
    p.state === 'finalized' && p.finalizedAt ? `Finalized ${formatZoned(p.finalizedAt, tz)} (${tz})` : 'Draft';
  const sections = [
    [`# ${i.ref} postmortem: ${esc(i.title)}`, '', `**${state}** · ${i.severity.toUpperCase()} · ${i.status}`],
    summary(report),
    impact(report, tz),
    openAtResolve(report, tz),
    timeline(report, tz),
    roles(report),
    metrics(report, tz),
    whys(report),
    notes(report, 'factor', 'Contributing factors'),
    notes(report, 'went_well', 'What went well'),
    notes(report, 'lesson', 'Lessons learned'),
    actions(report, tz),
    recurrence(report, tz),
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}
