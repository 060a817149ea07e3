import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHistory, seedSchemaMigrations } from '../../../bench/history-seed.js';
import { Playbook } from '../../../src/core/playbook/playbook-schema.js';
import type { ResponseTimeBreakdown, ResponseTimeTotals, StatsWindow } from '../../../src/core/store-port.js';
import { openDatabase, type OpenDatabase } from '../../../src/store/db.js';
import { sqliteStore } from '../../../src/store/sqlite-store.js';

// The stats read indexes and a daily roll-up built for them (stored minutes, resolves only, response times per day
// kept by triggers): their answers must be what a plain recomputation from the rows says, on a generated history
// with drills, reopened incidents, every service, and incidents changed after the upgrade built the roll-up.
const NOW = new Date('2026-11-24T09:00:00.000Z');
const DAY = 86_400_000;
let dir: string;
let database: OpenDatabase;

interface IncidentRow {
  id: number;
  severity: string;
  service: string | null;
  priority: string | null;
  drill_tag: string | null;
  declared_at: string;
  detected_at: string | null;
  acknowledged_at: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'warroom-stats-'));
  const migrations = seedSchemaMigrations();
  const old = openDatabase(join(dir, 'warroom.db'), { migrationsFolder: migrations });
  seedHistory(old.sqlite, {
    incidents: 2_000,
    entriesPerIncident: 10,
    spanDays: 400,
    now: NOW,
    playbook: Playbook.parse({
      id: 'breach',
      title: 'Breach',
      version: 1,
      description: 'd',
      stages: [{ id: 'triage', title: 'T', steps: [{ id: 'scope', title: 'Scope', type: 'check', sla: 30 }] }],
      clocks: [{ id: 'gdpr', title: 'GDPR', hours: 72, starts: 'attach' }],
    }),
  });
  old.close();
  rmSync(migrations, { recursive: true, force: true });
  database = openDatabase(join(dir, 'warroom.db'));
  const sqlite = database.sqlite;
  // Drills, left out of every number.
  sqlite.prepare("update incidents set drill_tag = 'ddos-1' where id % 17 = 0").run();
  // Reopened and resolved again: the latest resolve decides whether open work was left.
  const append = sqlite.prepare(
    `insert into timeline_entries (incident_id, seq, at, actor, kind, payload, prev_hash, hash)
     select ?, max(seq) + 1, ?, 'alice', 'status.changed', ?, 'x', 'x' from timeline_entries where incident_id = ?`,
  );
  const resolve = (openWork: boolean) =>
    JSON.stringify({
      from: 'investigating',
      to: 'resolved',
      note: null,
      via: 'command',
      ...(openWork ? { openWork: { steps: [], stages: [] } } : {}),
    });
  for (const id of [14, 28, 42, 700, 1400]) append.run(id, NOW.toISOString(), resolve(false), id); // had open work
  for (const id of [5, 10, 15, 705, 1405]) append.run(id, NOW.toISOString(), resolve(true), id); // had none
  const reopen = JSON.stringify({ from: 'resolved', to: 'investigating', note: null, via: 'command' });
  for (const id of [21, 35]) append.run(id, NOW.toISOString(), reopen, id); // open work, then reopened
  // Changes after the upgrade: the triggers move each incident's contribution in the roll-up.
  sqlite.prepare("update incidents set severity = 'sev1' where id % 11 = 0").run();
  sqlite.prepare("update incidents set service = 'payments', priority = 'P1' where id % 13 = 0").run();
  sqlite.prepare('update incidents set resolved_at = null, mitigated_at = null where id % 19 = 0').run();
  sqlite
    .prepare(
      "update incidents set acknowledged_at = strftime('%Y-%m-%dT%H:%M:%fZ', declared_at, '+7 minutes') where id % 23 = 0",
    )
    .run();
  sqlite.prepare('update incidents set drill_tag = null where id % 34 = 0').run(); // drills no longer
  sqlite
    .prepare(
      "update incidents set declared_at = strftime('%Y-%m-%dT%H:%M:%fZ', declared_at, '-1 day') where id % 29 = 0",
    )
    .run();
  sqlite.prepare('delete from incident_techniques where incident_id = 2').run();
  sqlite
    .prepare(
      `insert into incidents (number, ref, title, severity, status, platform, planned_channel_name, declared_at, acknowledged_at, updated_at)
       values (9001, 'INC-9001', 'new', 'sev2', 'investigating', 'sandbox', 'inc-9001', '2026-11-01T12:00:00.000Z', '2026-11-01T12:03:30.250Z', '2026-11-01T12:00:00.000Z')`,
    )
    .run();
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const minutes = (to: string | null, from: string | null) =>
  to === null || from === null ? null : (Date.parse(to) - Date.parse(from)) / 60_000;

function windowOf(days: number, service: string | null = null): StatsWindow {
  return { sinceIso: new Date(NOW.getTime() - days * DAY).toISOString(), untilIso: NOW.toISOString(), service };
}

function incidentsIn(w: StatsWindow): IncidentRow[] {
  return (database.sqlite.prepare('select * from incidents').all() as IncidentRow[]).filter(
    (i) =>
      i.declared_at >= w.sinceIso &&
      i.declared_at < w.untilIso &&
      i.drill_tag === null &&
      (w.service === null || i.service?.toLowerCase() === w.service.toLowerCase()),
  );
}

/** Response times added up by hand, overall and per severity, service, priority and month. */
function timesByHand(w: StatsWindow, months: Array<{ key: string; startIso: string }>) {
  const keyed = {
    severity: new Map<string | null, ResponseTimeTotals>(),
    service: new Map<string | null, ResponseTimeTotals>(),
    priority: new Map<string | null, ResponseTimeTotals>(),
    month: new Map<string | null, ResponseTimeTotals>(),
  };
  const empty = (): ResponseTimeTotals => ({
    incidents: 0,
    mtta: { sum: 0, n: 0 },
    mttm: { sum: 0, n: 0 },
    mttr: { sum: 0, n: 0 },
    mttd: { sum: 0, n: 0 },
  });
  const overall = empty();
  for (const i of incidentsIn(w)) {
    const month = [...months].reverse().find((m) => i.declared_at >= m.startIso)?.key ?? months[0]?.key ?? '';
    const keys = { severity: i.severity, service: i.service, priority: i.priority, month };
    const totals = [
      overall,
      ...(Object.keys(keyed) as Array<keyof typeof keyed>).map((k) => {
        const t = keyed[k].get(keys[k]) ?? empty();
        keyed[k].set(keys[k], t);
        return t;
      }),
    ];
    for (const t of totals) {
      t.incidents += 1;
      for (const [name, value] of [
        ['mtta', minutes(i.acknowledged_at, i.declared_at)],
        ['mttm', minutes(i.mitigated_at, i.declared_at)],
        ['mttr', minutes(i.resolved_at, i.declared_at)],
        ['mttd', minutes(i.declared_at, i.detected_at)],
      ] as const) {
        if (value === null) continue;
        t[name].sum += value;
        t[name].n += 1;
      }
    }
  }
  return { overall, keyed };
}

/** Counts exactly, minute sums to a thousandth (julianday arithmetic against exact milliseconds). */
function expectTotals(actual: ResponseTimeTotals | undefined, expected: ResponseTimeTotals | undefined, what: string) {
  expect(actual?.incidents, what).toBe(expected?.incidents);
  for (const name of ['mtta', 'mttm', 'mttr', 'mttd'] as const) {
    expect(actual?.[name].n, `${what} ${name}`).toBe(expected?.[name].n);
    expect(actual?.[name].sum ?? Number.NaN, `${what} ${name}`).toBeCloseTo(expected?.[name].sum ?? Number.NaN, 3);
  }
}

/** The latest resolve of each incident, and whether it left open work; recurrences flagged. */
function timelineByHand(w: StatsWindow) {
  const entries = database.sqlite
    .prepare(
      "select incident_id, seq, kind, payload from timeline_entries where kind in ('status.changed', 'recurrence.flagged') order by seq",
    )
    .all() as Array<{ incident_id: number; kind: string; payload: string }>;
  const ids = new Set(incidentsIn(w).map((i) => i.id));
  const latestResolve = new Map<number, { openWork?: unknown }>();
  const flagged = new Set<number>();
  for (const e of entries) {
    if (!ids.has(e.incident_id)) continue;
    if (e.kind === 'recurrence.flagged') flagged.add(e.incident_id);
    const payload = JSON.parse(e.payload) as { to?: string; openWork?: unknown };
    if (e.kind === 'status.changed' && payload.to === 'resolved') latestResolve.set(e.incident_id, payload);
  }
  const resolved = new Set(
    incidentsIn(w)
      .filter((i) => i.resolved_at !== null)
      .map((i) => i.id),
  );
  const openWork = [...latestResolve].filter(([id, p]) => resolved.has(id) && p.openWork !== undefined).length;
  return { recurring: flagged.size, openWork };
}

/** Month starts of a zone `offsetHours` ahead of UTC (at 23:00 UTC for +1: inside a UTC day), as the core passes them. */
function monthsOf(w: StatsWindow, offsetHours: number) {
  const months: Array<{ key: string; startIso: string }> = [];
  const start = new Date(w.sinceIso);
  for (let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)); d < NOW; ) {
    months.push({
      key: d.toISOString().slice(0, 7),
      startIso: new Date(d.getTime() - offsetHours * 3_600_000).toISOString(),
    });
    d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  return months;
}

describe('the stats queries agree with a plain recomputation', () => {
  for (const [days, service, offset] of [
    [0.5, null, 1],
    [30, null, 1],
    [90, null, 0],
    [366, null, 1],
    [366.3, null, -5],
    [366, 'Checkout', 1],
  ] as const) {
    it(`over ${days} days${service ? ` on ${service}` : ''}, months starting at UTC${offset >= 0 ? '+' : ''}${offset}`, () => {
      const stats = sqliteStore(database.db).stats;
      const w = windowOf(days, service);
      const months = monthsOf(w, offset);
      const byHand = timesByHand(w, months);
      const times: ResponseTimeBreakdown = stats.responseTimes(w, months);
      expectTotals(times.overall, byHand.overall, 'overall');
      expect(times.overall.incidents).toBeGreaterThan(service ? 20 : days >= 1 ? days : 0);
      for (const [dimension, rows] of [
        ['severity', times.bySeverity],
        ['service', times.byService],
        ['priority', times.byPriority],
        ['month', times.byMonth],
      ] as const) {
        const expected = byHand.keyed[dimension];
        expect(new Set(rows.map((r) => r.key)), dimension).toEqual(new Set(expected.keys()));
        for (const row of rows) expectTotals(row, expected.get(row.key), `${dimension} ${row.key}`);
      }
      const timeline = timelineByHand(w);
      expect(stats.recurringIncidents(w)).toBe(timeline.recurring);
      expect(stats.resolvedWithOpenWork(w)).toBe(timeline.openWork);
      if (days >= 30) {
        expect(timeline.recurring).toBeGreaterThan(0);
        expect(timeline.openWork).toBeGreaterThan(0);
      }
    });
  }
});
