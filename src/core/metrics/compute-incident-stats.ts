import { subDays } from 'date-fns';
import type { NormalizedAlert } from '../alert/normalized-alert.js';
import type { Ctx } from '../context.js';
import type { IncidentStats, ResponseTimes } from './incident-stats.js';

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/**
 * How the team responds, over the last `days`: MTTA, MTTM, MTTR and time to detect per severity (SQL averages on
 * indexed columns), postmortems finalized, corrective actions open / overdue / verified, top ATT&CK techniques.
 * Drills are left out: they measure the playbook, not the team's real response.
 */
export function computeIncidentStats({ ctx, days }: { ctx: Ctx; days: number }): IncidentStats {
  const until = ctx.now();
  const since = subDays(until, days);
  const rows = ctx.store.incidents.responseTimes(since.toISOString(), until.toISOString());
  const bySeverity: Record<string, ResponseTimes> = {};
  for (const r of rows) {
    bySeverity[r.severity] = { incidents: r.incidents, mttaMinutes: round(r.mttaMinutes), mttmMinutes: round(r.mttmMinutes), mttrMinutes: round(r.mttrMinutes), mttdMinutes: round(r.mttdMinutes) };
  }
  // Overall averages weight each severity's average by its incident count (exact when every incident has the timestamp).
  const overall = (pick: (r: (typeof rows)[number]) => number | null): number | null => {
    let sum = 0;
    let n = 0;
    for (const r of rows) {
      const v = pick(r);
      if (v !== null) {
        sum += v * r.incidents;
        n += r.incidents;
      }
    }
    return n === 0 ? null : round(sum / n);
  };
  const inWindow = ctx.store.incidents.listAll().filter((i) => !i.drillTag && i.declaredAt >= since.toISOString() && i.declaredAt < until.toISOString());
  const today = until.toISOString().slice(0, 10);
  const actions = { open: 0, overdue: 0, verified: 0 };
  let postmortemsFinalized = 0;
  const techniques = new Map<string, number>();
  for (const incident of inWindow) {
    const postmortem = ctx.store.postmortems.forIncident(incident.id);
    if (postmortem?.state === 'finalized') postmortemsFinalized += 1;
    for (const action of postmortem ? ctx.store.postmortems.actions(postmortem.id) : []) {
      if (action.status === 'verified') actions.verified += 1;
      else {
        actions.open += 1;
        if (action.dueDate < today) actions.overdue += 1;
      }
    }
    const seen = new Set(ctx.store.alerts.forIncident(incident.id).flatMap((a) => (JSON.parse(a.normalized) as NormalizedAlert).attackTechniques));
    for (const t of seen) techniques.set(t, (techniques.get(t) ?? 0) + 1);
  }
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    overall: {
      incidents: rows.reduce((n, r) => n + r.incidents, 0),
      mttaMinutes: overall((r) => r.mttaMinutes),
      mttmMinutes: overall((r) => r.mttmMinutes),
      mttrMinutes: overall((r) => r.mttrMinutes),
      mttdMinutes: overall((r) => r.mttdMinutes),
    },
    bySeverity,
    postmortemsFinalized,
    actions,
    topTechniques: [...techniques].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([technique, incidents]) => ({ technique, incidents })),
  };
}
