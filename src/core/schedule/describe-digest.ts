import type { Ctx } from '../context.js';
import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';
import { computeIncidentStats } from '../metrics/compute-incident-stats.js';
import type { CorrectiveAction } from '../postmortem/postmortem.js';

const minutes = (v: number | null) => (v === null ? '—' : `${v} min`);

/** The daily nudge to an action's owner: what, for which incident, due when, and how to close it. */
export function describeOverdueAction(action: CorrectiveAction, incident: Incident, fmt: Fmt): string {
  return [
    `:alarm_clock: Corrective action *A${action.number}* of ${incident.ref} was due ${action.dueDate}: ${fmt.text(action.title)}`,
    `Done when: ${fmt.text(action.verification)}`,
    `Mark it done with proof: \`/incident action done A${action.number} <link or EV-n>\` in ${incident.channelId ? fmt.channel(incident.channelId, incident.channelName) : incident.ref}.`,
  ].join('\n');
}

/** The weekly digest: what is open, what is overdue, how fast the week's incidents were handled. */
export function describeDigest(ctx: Ctx, days: number, fmt: Fmt): string {
  const stats = computeIncidentStats({ ctx, days });
  const open = ctx.store.incidents.listOpen().filter((i) => !i.drillTag);
  const today = ctx.now().toISOString().slice(0, 10);
  const overdue = ctx.store.postmortems.unverifiedActions().filter((a) => a.status === 'open' && a.dueDate < today);
  const lines = [
    `:bar_chart: *Incident digest — last ${days} days*`,
    `${stats.overall.incidents} incidents · MTTA ${minutes(stats.overall.mttaMinutes)} · MTTM ${minutes(stats.overall.mttmMinutes)} · MTTR ${minutes(stats.overall.mttrMinutes)} · ${stats.postmortemsFinalized} postmortems finalized`,
    `*Open incidents (${open.length})*`,
    ...open.slice(0, 15).map((i) => `• ${i.ref} ${i.severity.toUpperCase()} ${i.status} — ${fmt.text(i.title)}${i.channelId ? ` ${fmt.channel(i.channelId, i.channelName)}` : ''}`),
    `*Overdue corrective actions (${overdue.length})*`,
    ...overdue.slice(0, 15).map((a) => `• A${a.number} due ${a.dueDate} — ${fmt.text(a.title)} — ${fmt.user(a.ownerId)}`),
  ];
  return lines.join('\n');
}
