import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStatements } from '../support/query-plans.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

// The hot reads must stay indexed as history grows: each is checked against the plan SQLite chooses, naming the
// index, so dropping or renaming one (or a query no longer matching it) fails here, not in production at 100k.
let t: TestStore;
let recorder: ReturnType<typeof recordStatements>;
beforeAll(() => {
  t = openTestStore();
  recorder = recordStatements(t.database.sqlite);
});
afterAll(() => t.close());

/** The plans of every statement `read` ran. */
function plansOf(read: () => unknown): string[][] {
  recorder.take();
  read();
  const statements = recorder.take();
  expect(statements.length).toBeGreaterThan(0);
  return statements.map((statement) => recorder.plan(statement));
}

/** Every step of every plan that reads `table` uses `index` (never a full SCAN of the table). */
function expectIndexed(plans: string[][], table: string, index: string): void {
  const steps = plans.flat().filter((step) => new RegExp(`\\b${table}\\b`).test(step));
  expect(steps.length, `no step reads ${table}: ${JSON.stringify(plans)}`).toBeGreaterThan(0);
  for (const step of steps) expect(step).toMatch(new RegExp(`^SEARCH ${table} USING (COVERING )?INDEX ${index}\\b`));
}

describe('hot reads use their indexes', () => {
  it('/incident list: the incidents not closed', () => {
    expectIndexed(
      plansOf(() => t.store.incidents.listOpen()),
      'incidents',
      'incidents_status_idx',
    );
  });

  it('the scheduler: active incidents, due clocks, overdue corrective actions', () => {
    expectIndexed(
      plansOf(() => t.store.incidents.withStatus(['declared', 'investigating'])),
      'incidents',
      'incidents_status_idx',
    );
    expectIndexed(
      plansOf(() => t.store.schedules.dueClocks('2026-11-24T09:00:00.000Z', 200)),
      'incident_clocks',
      'incident_clocks_due_idx',
    );
    expectIndexed(
      plansOf(() => t.store.postmortems.overdueActions('2026-11-24')),
      'corrective_actions',
      'corrective_actions_open_due_idx',
    );
  });

  it('due deliveries: the heads of the pending outbox queues', () => {
    expectIndexed(
      plansOf(() => t.store.outbox.dueHeads(Date.now(), 50)),
      'outbox',
      'outbox_pending_idx',
    );
  });

  it('a repeat: the roll-up redraw waiting that it joins; the scheduler: the repeats due on the timeline', () => {
    expectIndexed(
      plansOf(() => t.store.outbox.hasUnclaimed('incident:1', 'warroom.alerts:1')),
      'outbox',
      'outbox_unclaimed_idx',
    );
    expectIndexed(
      plansOf(() => t.store.repeats.incidentsDue('2026-11-24T09:00:00.000Z')),
      'alert_repeat_tallies',
      'alert_repeat_tallies_first_idx',
    );
  });

  it('stats windows: the incidents from incidents_stats_idx alone, the timeline by its kind or its resolves', () => {
    const w = { sinceIso: '2025-11-23T09:00:00.000Z', untilIso: '2026-11-24T09:00:00.000Z', service: null };
    const stats = t.store.stats;
    const reads: Array<[string, () => unknown]> = [
      ['response times', () => stats.responseTimes(w, [{ key: '2026-11', startIso: '2026-10-31T23:00:00.000Z' }])],
      ['response times of a service', () => stats.responseTimes({ ...w, service: 'checkout' }, [])],
      ['postmortems', () => stats.postmortems(w)],
      ['actions', () => stats.actions(w, '2026-11-24')],
      ['recurring', () => stats.recurringIncidents(w)],
      ['open work', () => stats.resolvedWithOpenWork(w)],
      ['techniques', () => stats.topTechniques(w, 5)],
      ['steps', () => stats.steps(w, w.untilIso)],
      ['clocks', () => stats.clocks(w, w.untilIso)],
    ];
    let timelineSteps = 0;
    let rollUpSteps = 0;
    for (const [name, read] of reads) {
      const steps = plansOf(read).flat();
      const incidents = steps.filter((step) => /\bincidents\b/.test(step));
      expect(incidents.length, name).toBeGreaterThan(0);
      for (const step of incidents)
        expect(step, name).toBe(
          'SEARCH incidents USING COVERING INDEX incidents_stats_idx (declared_at>? AND declared_at<?)',
        );
      for (const step of steps.filter((s) => /\bincident_response_days\b/.test(s))) {
        expect(step, name).toMatch(
          /^SEARCH incident_response_days USING INDEX sqlite_autoindex_incident_response_days_1 \(day>\? AND day<\?\)/,
        );
        rollUpSteps += 1;
      }
      expect(
        steps.filter((step) => step.startsWith('SCAN')),
        name,
      ).toEqual([]);
      for (const step of steps.filter((s) => /\b(timeline_entries|t)\b/.test(s))) {
        expect(step, name).toMatch(/USING COVERING INDEX (timeline_kind_idx|timeline_resolves_idx)\b/);
        timelineSteps += 1;
      }
    }
    expect(timelineSteps).toBe(2);
    expect(rollUpSteps).toBe(2);
  });

  it('grouping a new alert: the alerts received lately', () => {
    const plans = plansOf(() => t.store.alerts.recentInOpenIncidents('2026-11-24T08:00:00.000Z'));
    expectIndexed(plans, 'alerts', 'alerts_last_received_idx');
    expect(plans.flat().filter((s) => /\bincidents\b/.test(s))).toEqual([
      'SEARCH incidents USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
  });
});
