import { and, count, gte, inArray, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type { MinutesSum, ResponseTimeBreakdown, ResponseTimeTotals, StatsWindow } from '../../core/store-port.js';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db.js';
import { incidentResponseDays, incidents, minutesBetween } from '../schema/index.js';
import { windowDays } from '../stats-window-days.js';

type Months = Array<{ key: string; startIso: string }>;
type Dimension = 'severity' | 'service' | 'priority' | 'month';

/** Running totals per key of each breakdown. */
class Breakdown {
  overall = empty();
  readonly keyed: Record<Dimension, Map<string | null, ResponseTimeTotals>> = {
    severity: new Map(),
    service: new Map(),
    priority: new Map(),
    month: new Map(),
  };
  add(dimension: Dimension | 'all', key: string | null, totals: ResponseTimeTotals): void {
    if (dimension === 'all') {
      this.overall = plus(this.overall, totals);
      return;
    }
    const map = this.keyed[dimension];
    map.set(key, plus(map.get(key) ?? empty(), totals));
  }
  result(): ResponseTimeBreakdown {
    const rows = <K extends string | null>(map: Map<string | null, ResponseTimeTotals>) =>
      [...map].map(([key, t]) => ({ ...t, key: key as K }));
    return {
      overall: this.overall,
      bySeverity: rows<string>(this.keyed.severity),
      byService: rows<string | null>(this.keyed.service),
      byPriority: rows<string | null>(this.keyed.priority),
      byMonth: rows<string>(this.keyed.month),
    };
  }
}

function empty(): ResponseTimeTotals {
  return {
    incidents: 0,
    mtta: { sum: 0, n: 0 },
    mttm: { sum: 0, n: 0 },
    mttr: { sum: 0, n: 0 },
    mttd: { sum: 0, n: 0 },
  };
}
const add = (a: MinutesSum, b: MinutesSum): MinutesSum => ({ sum: a.sum + b.sum, n: a.n + b.n });
const plus = (a: ResponseTimeTotals, b: ResponseTimeTotals): ResponseTimeTotals => ({
  incidents: a.incidents + b.incidents,
  mtta: add(a.mtta, b.mtta),
  mttm: add(a.mttm, b.mttm),
  mttr: add(a.mttr, b.mttr),
  mttd: add(a.mttd, b.mttd),
});

/** The calendar month of declared_at: ISO-8601 UTC strings compare as times, so the latest month start at or before it. */
function monthOf(months: Months): SQL<string> {
  const newestFirst = [...months].reverse();
  const oldest = newestFirst[newestFirst.length - 1]?.key ?? '';
  if (newestFirst.length <= 1) return sql<string>`${oldest}`;
  const cases = newestFirst.slice(0, -1).map((m) => sql`when ${incidents.declaredAt} >= ${m.startIso} then ${m.key}`);
  return sql<string>`(case ${sql.join(cases, sql` `)} else ${oldest} end)`;
}

/**
 * Minutes summed, and how many incidents had both timestamps (SUM and COUNT skip NULLs). Spelled by minutesBetween,
 * as incidents_stats_idx stores it: the incidents are then read from the index alone.
 */
const minutesSum = (to: SQLiteColumn, from: SQLiteColumn) => {
  const minutes = minutesBetween(to, from);
  return { sum: sql<number>`coalesce(sum(${minutes}), 0)`, n: sql<number>`count(${minutes})` };
};

/**
 * Per severity × service × priority × month, from the incidents declared in [from, to): from incidents_stats_idx
 * alone (one range a query: SQLite answers an OR of ranges through the table).
 */
function fromIncidents(db: Db, [from, to]: [string, string], service: string | null, months: Months, into: Breakdown) {
  const month = monthOf(months);
  const sums = {
    mtta: minutesSum(incidents.acknowledgedAt, incidents.declaredAt),
    mttm: minutesSum(incidents.mitigatedAt, incidents.declaredAt),
    mttr: minutesSum(incidents.resolvedAt, incidents.declaredAt),
    mttd: minutesSum(incidents.declaredAt, incidents.detectedAt),
  };
  const cells = db
    .select({
      severity: incidents.severity,
      service: incidents.service,
      priority: incidents.priority,
      month,
      incidents: count(),
      mttaSum: sums.mtta.sum,
      mttaN: sums.mtta.n,
      mttmSum: sums.mttm.sum,
      mttmN: sums.mttm.n,
      mttrSum: sums.mttr.sum,
      mttrN: sums.mttr.n,
      mttdSum: sums.mttd.sum,
      mttdN: sums.mttd.n,
    })
    .from(incidents)
    .where(
      and(
        gte(incidents.declaredAt, from),
        lt(incidents.declaredAt, to),
        isNull(incidents.drillTag),
        service === null ? undefined : sql`lower(${incidents.service}) = ${service.toLowerCase()}`,
      ),
    )
    .groupBy(incidents.severity, incidents.service, incidents.priority, month)
    .all();
  for (const c of cells) {
    const totals: ResponseTimeTotals = {
      incidents: c.incidents,
      mtta: { sum: c.mttaSum, n: c.mttaN },
      mttm: { sum: c.mttmSum, n: c.mttmN },
      mttr: { sum: c.mttrSum, n: c.mttrN },
      mttd: { sum: c.mttdSum, n: c.mttdN },
    };
    into.add('all', null, totals);
    into.add('severity', c.severity, totals);
    into.add('service', c.service, totals);
    into.add('priority', c.priority, totals);
    into.add('month', c.month, totals);
  }
}

const d = incidentResponseDays;
/** Milliseconds summed by the roll-up, as minutes. */
const minutesOf = (ms: number, n: number): MinutesSum => ({ sum: ms / 60_000, n });
const rolledSums = {
  incidents: sql<number>`sum(${d.incidents})`,
  mttaMs: sql<number>`sum(${d.mttaMs})`,
  mttaN: sql<number>`sum(${d.mttaN})`,
  mttmMs: sql<number>`sum(${d.mttmMs})`,
  mttmN: sql<number>`sum(${d.mttmN})`,
  mttrMs: sql<number>`sum(${d.mttrMs})`,
  mttrN: sql<number>`sum(${d.mttrN})`,
  mttdMs: sql<number>`sum(${d.mttdMs})`,
  mttdN: sql<number>`sum(${d.mttdN})`,
};
const rolledTotals = (r: { [K in keyof typeof rolledSums]: number }): ResponseTimeTotals => ({
  incidents: r.incidents,
  mtta: minutesOf(r.mttaMs, r.mttaN),
  mttm: minutesOf(r.mttmMs, r.mttmN),
  mttr: minutesOf(r.mttrMs, r.mttrN),
  mttd: minutesOf(r.mttdMs, r.mttdN),
});

/**
 * Response times of a window: its whole UTC days from incident_response_days (some twenty rows a day, however many
 * incidents), the rest (partial first and last days, days a month begins in) from the incidents. A service filter
 * reads the incidents alone: the roll-up has no breakdowns within a service.
 */
export function responseTimes(db: Db, w: StatsWindow, months: Months): ResponseTimeBreakdown {
  const into = new Breakdown();
  const split =
    w.service === null
      ? windowDays(
          w.sinceIso,
          w.untilIso,
          months.map((m) => m.startIso),
        )
      : { days: null, ranges: [[w.sinceIso, w.untilIso] as [string, string]] };
  for (const range of split.ranges) fromIncidents(db, range, w.service, months, into);
  if (split.days === null) return into.result();
  const inDays = and(
    gte(d.day, split.days.firstDay),
    lt(d.day, split.days.endDay),
    split.days.splitDays.length > 0 ? notInArray(d.day, split.days.splitDays) : undefined,
  );
  const byValue = db
    .select({ dimension: d.dimension, value: d.value, ...rolledSums })
    .from(d)
    .where(and(inDays, inArray(d.dimension, ['all', 'severity', 'service', 'priority'])))
    .groupBy(d.dimension, d.value)
    .all();
  for (const r of byValue) into.add(r.dimension, JSON.parse(r.value) as string | null, rolledTotals(r));
  // A whole day lies in one month (the days a month begins in were read from the incidents).
  const newestFirst = [...months].reverse();
  const monthOfDay = (day: string) =>
    newestFirst.find((m) => m.startIso <= `${day}T00:00:00.000Z`)?.key ?? months[0]?.key ?? '';
  const byDay = db
    .select({ day: d.day, ...rolledSums })
    .from(d)
    .where(and(inDays, sql`${d.dimension} = 'all'`))
    .groupBy(d.day)
    .all();
  for (const r of byDay) into.add('month', monthOfDay(r.day), rolledTotals(r));
  return into.result();
}
