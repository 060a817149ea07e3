import type { Ctx } from '../context.js';
import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';
import { computeIncidentStats } from '../metrics/compute-incident-stats.js';
import type { CorrectiveAction } from '../postmortem/postmortem.js';
import { zonedParts } from '../postmortem/zoned-time.js';

const minutes = (v: number | null) => (v === null ? '—' : `${v} min`);

/** `MTTR 42 min (previous 7 days: 60 min ↓)`: is the team getting faster? */
function mttrTrend(current: number | null, previous: number | null, days: number): string {
  const arrow = current === null || previous === null || current === previous ? '' : current < previous ? ' ↓' : ' ↑';
  return `MTTR ${minutes(current)} (previous ${days} days: ${minutes(previous)}${arrow})`;
}

/** The daily nudge to an action's owner: what, for which incident, due when, and how to close it. */
export function describeOverdueAction(action: CorrectiveAction, incident: Incident, fmt: Fmt): string {
  return [
    `${fmt.icon('alarm_clock')} Corrective action ${fmt.bold(`A${action.number}`)} of ${incident.ref} was due ${action.dueDate}: ${fmt.text(action.title)}`,
    `Done when: ${fmt.text(action.verification)}`,
    `Mark it done with proof: ${fmt.command(`action done A${action.number} <link or EV-n>`)} in ${incident.channelId ? fmt.channel(incident.channelId, incident.channelName) : incident.ref}.`,
  ].join('\n');
}

/** The weekly digest: what is open, what is overdue, how fast the week's incidents were handled. */
export function describeDigest(ctx: Ctx, days: number, fmt: Fmt): string {
  const stats = computeIncidentStats({ ctx, days });
  const previous = computeIncidentStats({ ctx, days, until: new Date(stats.since) });
  const open = ctx.store.incidents.listOpen().filter((i) => !i.drillTag);
  const today = zonedParts(ctx.now().toISOString(), ctx.settings.timeZone).date;
  const overdue = ctx.store.postmortems.overdueActions(today);
  const lines = [
    `${fmt.icon('bar_chart')} ${fmt.bold(`Incident digest — last ${days} days`)}`,
    `${stats.overall.incidents} incident${stats.overall.incidents === 1 ? '' : 's'} · MTTA ${minutes(stats.overall.mttaMinutes)} · MTTM ${minutes(stats.overall.mttmMinutes)} · ${mttrTrend(stats.overall.mttrMinutes, previous.overall.mttrMinutes, days)} · ${stats.postmortems.finalized} postmortems finalized`,
    fmt.bold(`Open incidents (${open.length})`),
    ...open
      .slice(0, 15)
      .map(
        (i) =>
          `• ${i.ref} ${i.severity.toUpperCase()} ${i.status} — ${fmt.text(i.title)}${i.channelId ? ` ${fmt.channel(i.channelId, i.channelName)}` : ''}`,
      ),
    fmt.bold(`Overdue corrective actions (${overdue.length})`),
    ...overdue
      .slice(0, 15)
      .map((a) => `• A${a.number} due ${a.dueDate} — ${fmt.text(a.title)} — ${fmt.user(a.ownerId)}`),
  ];
  return lines.join('\n');
}
