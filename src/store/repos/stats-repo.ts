import { and, asc, count, desc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { StatsRepo, StatsWindow } from '../../core/store-port.js';
import type { Db } from '../db.js';
import {
  correctiveActions,
  incidentClocks,
  incidents,
  incidentTechniques,
  playbookRuns,
  playbookSteps,
  postmortems,
  stepTimings,
  timelineEntries,
} from '../schema/index.js';
import { responseTimes } from './response-times.js';

/** Incidents declared in the window (the declared_at index), drills left out, of one service when asked. */
const inWindow = (w: StatsWindow) =>
  and(
    gte(incidents.declaredAt, w.sinceIso),
    lt(incidents.declaredAt, w.untilIso),
    isNull(incidents.drillTag),
    w.service === null ? undefined : sql`lower(${incidents.service}) = ${w.service.toLowerCase()}`,
  );

// julianday differences in days × 1440 = minutes; AVG ignores NULLs, so open incidents do not skew MTTR.
const avgMinutes = (to: SQLiteColumn | SQL, from: SQLiteColumn | SQL) =>
  sql<number | null>`avg((julianday(${to}) - julianday(${from})) * 1440.0)`;
/** SQLite's sum() of no rows is NULL; counts are numbers. */
const countWhere = (condition: SQL) => sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

export function statsRepo(db: Db): StatsRepo {
  return {
    responseTimes: (w, months) => responseTimes(db, w, months),
    postmortems(w) {
      const row = db
        .select({
          finalized: countWhere(sql`${postmortems.state} = 'finalized'`),
          draft: countWhere(sql`${postmortems.state} = 'draft'`),
        })
        .from(postmortems)
        .innerJoin(incidents, eq(incidents.id, postmortems.incidentId))
        .where(inWindow(w))
        .get();
      return { finalized: row?.finalized ?? 0, draft: row?.draft ?? 0 };
    },
    actions(w, today) {
      const status = correctiveActions.status;
      const row = db
        .select({
          open: countWhere(sql`${status} = 'open'`),
          awaitingVerification: countWhere(sql`${status} = 'done'`),
          overdue: countWhere(sql`${status} = 'open' and ${correctiveActions.dueDate} < ${today}`),
          verified: countWhere(sql`${status} = 'verified'`),
        })
        .from(correctiveActions)
        .innerJoin(incidents, eq(incidents.id, correctiveActions.incidentId))
        .where(inWindow(w))
        .get();
      return {
        open: row?.open ?? 0,
        awaitingVerification: row?.awaitingVerification ?? 0,
        overdue: row?.overdue ?? 0,
        verified: row?.verified ?? 0,
      };
    },
    recurringIncidents(w) {
      // From the window's incidents (their index) to their flag (timeline_kind_idx): the window's size, not every
      // recurrence ever flagged.
      const row = db
        .select({ n: count() })
        .from(incidents)
        .where(
          and(
            inWindow(w),
            sql`exists (select 1 from ${timelineEntries} t where t.kind = 'recurrence.flagged' and t.incident_id = ${incidents.id})`,
          ),
        )
        .get();
      return row?.n ?? 0;
    },
    resolvedWithOpenWork(w) {
      // The latest resolve decides: reopened and resolved cleanly later counts clean. Spelled as timeline_resolves_idx
      // is (its WHERE and its flag), so each incident's latest resolve is one index lookup, not a walk of its timeline.
      const lastResolveHadOpenWork = sql`(select (t.payload ->> '$.openWork') is not null from ${timelineEntries} t
        where t.incident_id = ${incidents.id} and t.kind = 'status.changed' and t.payload ->> '$.to' = 'resolved'
        order by t.seq desc limit 1)`;
      const row = db
        .select({ n: count() })
        .from(incidents)
        .where(and(inWindow(w), sql`${incidents.resolvedAt} is not null`, sql`${lastResolveHadOpenWork} = 1`))
        .get();
      return row?.n ?? 0;
    },
    topTechniques(w, limit) {
      const n = count();
      return db
        .select({ technique: incidentTechniques.technique, incidents: n })
        .from(incidentTechniques)
        .innerJoin(incidents, eq(incidents.id, incidentTechniques.incidentId))
        .where(inWindow(w))
        .groupBy(incidentTechniques.technique)
        .orderBy(desc(n), asc(incidentTechniques.technique))
        .limit(limit)
        .all();
    },
    steps(w, nowIso) {
      const status = sql`coalesce(${playbookSteps.status}, 'open')`;
      // A step never settled is judged when it stopped mattering: the run detached, the incident resolved, or now.
      const settledAt = sql`coalesce(case when ${status} in ('done', 'skipped') then ${playbookSteps.doneAt} end, ${playbookRuns.detachedAt}, ${incidents.resolvedAt}, ${nowIso})`;
      const hasSla = sql`${stepTimings.dueAt} is not null and ${status} <> 'na'`;
      return db
        .select({
          playbookId: playbookRuns.playbookId,
          stepId: stepTimings.stepId,
          latestRunId: sql<number>`max(${playbookRuns.id})`,
          started: count(),
          done: countWhere(sql`${status} = 'done'`),
          skipped: countWhere(sql`${status} = 'skipped'`),
          notApplicable: countWhere(sql`${status} = 'na'`),
          avgMinutes: avgMinutes(
            sql`case when ${status} = 'done' then ${playbookSteps.doneAt} end`,
            stepTimings.startedAt,
          ),
          withSla: countWhere(hasSla),
          slaMissed: countWhere(sql`${hasSla} and ${settledAt} > ${stepTimings.dueAt}`),
        })
        .from(stepTimings)
        .innerJoin(playbookRuns, eq(playbookRuns.id, stepTimings.runId))
        .innerJoin(incidents, eq(incidents.id, playbookRuns.incidentId))
        .leftJoin(
          playbookSteps,
          and(eq(playbookSteps.runId, stepTimings.runId), eq(playbookSteps.stepId, stepTimings.stepId)),
        )
        .where(inWindow(w))
        .groupBy(playbookRuns.playbookId, stepTimings.stepId)
        .orderBy(asc(playbookRuns.playbookId), asc(stepTimings.stepId))
        .all();
    },
    clocks(w, nowIso) {
      const c = incidentClocks;
      return db
        .select({
          playbookId: playbookRuns.playbookId,
          clockId: c.clockId,
          title: sql<string>`max(${c.title})`,
          started: count(),
          stoppedInTime: countWhere(sql`${c.stoppedAt} is not null and ${c.stoppedAt} <= ${c.deadline}`),
          missed: countWhere(sql`${c.missedAt} is not null or coalesce(${c.stoppedAt}, ${nowIso}) > ${c.deadline}`),
        })
        .from(c)
        .innerJoin(playbookRuns, eq(playbookRuns.id, c.runId))
        .innerJoin(incidents, eq(incidents.id, c.incidentId))
        .where(inWindow(w))
        .groupBy(playbookRuns.playbookId, c.clockId)
        .orderBy(asc(playbookRuns.playbookId), asc(c.clockId))
        .all();
    },
  };
}
