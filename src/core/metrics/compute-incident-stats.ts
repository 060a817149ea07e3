import { subDays } from 'date-fns';
import type { Ctx } from '../context.js';
import type { Playbook } from '../playbook/playbook-schema.js';
import { zonedParts } from '../postmortem/zoned-time.js';
import type { MinutesSum, ResponseTimeTotals, StatsWindow } from '../store-port.js';
import { calendarMonths } from './calendar-months.js';
import type { IncidentStats, ResponseTimes, StepStats } from './incident-stats.js';

const TOP_TECHNIQUES = 5;
/** Key for incidents without the dimension (no catalog service; declared by a person, so no priority). */
const NONE_KEY = '(none)';

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

const average = (m: MinutesSum): number | null => (m.n === 0 ? null : round(m.sum / m.n));
/** Sums over counts: the averages stay exact however the store added them up. */
const timesOf = (t: ResponseTimeTotals): ResponseTimes => ({
  incidents: t.incidents,
  mttaMinutes: average(t.mtta),
  mttmMinutes: average(t.mttm),
  mttrMinutes: average(t.mttr),
  mttdMinutes: average(t.mttd),
});
const NO_INCIDENTS: ResponseTimeTotals = {
  incidents: 0,
  mtta: { sum: 0, n: 0 },
  mttm: { sum: 0, n: 0 },
  mttr: { sum: 0, n: 0 },
  mttd: { sum: 0, n: 0 },
};

/** One breakdown keyed in order (no key first, then ascending); `keys` lists ones to show even without incidents. */
function byKey(
  rows: Array<ResponseTimeTotals & { key: string | null }>,
  keys: string[] = [],
): Record<string, ResponseTimes> {
  const totals = new Map<string | null, ResponseTimeTotals>(keys.map((k) => [k, NO_INCIDENTS]));
  for (const row of rows) totals.set(row.key, row);
  const ordered = [...totals].sort(([a], [b]) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1));
  return Object.fromEntries(ordered.map(([key, t]) => [key ?? NONE_KEY, timesOf(t)]));
}

/** Step titles from the newest run of each playbook that has the step (the version the team last worked). */
function stepTitles(ctx: Ctx, runIds: number[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const runId of new Set(runIds)) {
    const run = ctx.store.playbooks.run(runId);
    if (!run) continue;
    for (const stage of (JSON.parse(run.definition) as Playbook).stages)
      for (const step of stage.steps) titles.set(`${run.id}/${step.id}`, step.title);
  }
  return titles;
}

/**
 * How the team responds, over the last `days`: MTTA, MTTM, MTTR and time to detect overall and per severity,
 * service, priority and month; per playbook step, how long it takes and how often its SLA is missed; regulatory
 * clocks kept or missed; postmortems, corrective actions, recurrence rate and top ATT&CK techniques. Every number is
 * a SQL aggregate over the window's incidents. Drills are left out: they measure the playbook, not the response.
 * The window ends now, or at `until` (the digest compares with the period before); `service` narrows it to one
 * catalog service's incidents.
 */
export function computeIncidentStats({
  ctx,
  days,
  until = ctx.now(),
  service = null,
}: {
  ctx: Ctx;
  days: number;
  until?: Date;
  service?: string | null;
}): IncidentStats {
  const since = subDays(until, days);
  const w: StatsWindow = { sinceIso: since.toISOString(), untilIso: until.toISOString(), service };
  const { stats } = ctx.store;
  const timeZone = ctx.settings.timeZone;
  const months = calendarMonths(w.sinceIso, w.untilIso, timeZone);
  const times = stats.responseTimes(w, months);
  const overall = timesOf(times.overall);
  const recurring = stats.recurringIncidents(w);
  // Steps and clocks still running are judged now, also when the window ended earlier.
  const now = ctx.now().toISOString();
  const stepRows = stats.steps(w, now);
  const titles = stepTitles(
    ctx,
    stepRows.map((r) => r.latestRunId),
  );
  const steps: StepStats[] = stepRows.map(({ latestRunId, ...r }) => ({
    ...r,
    title: titles.get(`${latestRunId}/${r.stepId}`) ?? r.stepId,
    avgMinutes: round(r.avgMinutes),
    slaMissRate: r.withSla === 0 ? null : Math.round((r.slaMissed / r.withSla) * 1000) / 1000,
  }));
  return {
    since: w.sinceIso,
    until: w.untilIso,
    service,
    timeZone,
    overall,
    bySeverity: byKey(times.bySeverity),
    byService: byKey(times.byService),
    byPriority: byKey(times.byPriority),
    // Every month of the window, quiet ones too: a trend needs its zeros.
    byMonth: byKey(
      times.byMonth,
      months.map((m) => m.key),
    ),
    postmortems: stats.postmortems(w),
    actions: stats.actions(w, zonedParts(w.untilIso, timeZone).date),
    recurrence: {
      incidents: recurring,
      rate: overall.incidents === 0 ? null : Math.round((recurring / overall.incidents) * 1000) / 1000,
    },
    resolvedWithOpenSteps: stats.resolvedWithOpenWork(w),
    topTechniques: stats.topTechniques(w, TOP_TECHNIQUES),
    steps,
    clocks: stats.clocks(w, now),
  };
}
