import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHistory, seedSchemaMigrations, type SeededHistory } from '../../../bench/history-seed.js';
import { Playbook } from '../../../src/core/playbook/playbook-schema.js';
import { runScheduledJobs } from '../../../src/core/schedule/run-scheduled-jobs.js';
import { openDatabase, type OpenDatabase } from '../../../src/store/db.js';
import { sqliteStore } from '../../../src/store/sqlite-store.js';
import { countingStore, type RepoRead } from '../../support/counting-store.js';
import { defaultSettings } from '../../support/test-store.js';

// Before 09:00, when the day's overdue-action sweep runs (last test).
const NOW = new Date('2026-11-24T08:00:00.000Z');
const playbook = Playbook.parse({
  id: 'breach',
  title: 'Personal data breach',
  version: 1,
  description: 'd',
  roles: ['comms'],
  stages: [{ id: 'triage', title: 'T', steps: [{ id: 'scope', title: 'Scope', type: 'check', sla: 30 }] }],
  clocks: [
    { id: 'nis2', title: 'NIS2 early warning', hours: 24, starts: 'attach' },
    { id: 'gdpr', title: 'GDPR Art. 33 notification', hours: 72, starts: 'attach' },
  ],
});

interface History {
  database: OpenDatabase;
  seeded: SeededHistory;
  dir: string;
}

/** Five incidents a day for `days` days, as 0019 left them, upgraded by the current migrations. */
function history(days: number): History {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-history-'));
  const migrations = seedSchemaMigrations();
  const old = openDatabase(join(dir, 'warroom.db'), { migrationsFolder: migrations });
  const seeded = seedHistory(old.sqlite, {
    incidents: days * 5,
    entriesPerIncident: 12,
    spanDays: days,
    now: NOW,
    playbook,
  });
  old.close();
  rmSync(migrations, { recursive: true, force: true });
  return { database: openDatabase(join(dir, 'warroom.db')), seeded, dir };
}

/** One scheduler pass at `at`, counting what it read. */
function pass(h: History, at: Date): RepoRead[] {
  const { store, reads } = countingStore(sqliteStore(h.database.db));
  runScheduledJobs({
    ctx: {
      actor: { type: 'system', reason: 'scheduler' },
      now: () => at,
      store,
      requestId: 't',
      settings: { ...defaultSettings, playbooks: [playbook] },
    },
  });
  return reads;
}

const total = (reads: RepoRead[]) => reads.reduce((n, r) => n + r.rows, 0);

describe('the scheduler pass over a long history', () => {
  // The same last year of incidents; the second store has a year more of closed history before it.
  let year: History;
  let twoYears: History;
  beforeAll(() => {
    year = history(360);
    twoYears = history(720);
  });
  afterAll(() => {
    for (const h of [year, twoYears]) {
      h.database.close();
      rmSync(h.dir, { recursive: true, force: true });
    }
  });

  it('the upgrade ended the clocks closed incidents left running: none of them is due', () => {
    expect(twoYears.seeded.clocksOfClosedLeftRunning).toBeGreaterThan(100);
    const ended = twoYears.database.sqlite
      .prepare('select count(*) from incident_clocks where ended_at is not null and remind_at is null')
      .pluck()
      .get();
    expect(ended).toBe(twoYears.seeded.clocksOfClosedLeftRunning);
    const due = sqliteStore(twoYears.database.db).schedules.dueClocks('2030-01-01T00:00:00.000Z', 10_000);
    const closed = twoYears.database.sqlite
      .prepare("select id from incidents where status = 'closed'")
      .pluck()
      .all() as number[];
    expect(due.length).toBeGreaterThan(0);
    expect(due.filter((c) => closed.includes(c.incidentId))).toEqual([]);
  });

  it('reads what is due and the incidents being worked on, the same with twice the history', () => {
    const passes = (h: History) => {
      const first = pass(h, new Date(NOW.getTime() + 60_000));
      const next = pass(h, new Date(NOW.getTime() + 2 * 60_000));
      return { first, next };
    };
    const a = passes(year);
    const b = passes(twoYears);
    expect(a.first).toEqual(b.first);
    expect(a.next).toEqual(b.next);
    // A steady pass: no clock due, and only the incidents being worked on (not the resolved or closed ones).
    expect(b.next.find((r) => r.call === 'schedules.dueClocks')).toEqual({ call: 'schedules.dueClocks', rows: 0 });
    expect(b.next.find((r) => r.call === 'incidents.withStatus')).toEqual({
      call: 'incidents.withStatus',
      rows: twoYears.seeded.active,
    });
    expect(total(b.next)).toBeLessThan(twoYears.seeded.active * 40);
    expect(twoYears.seeded.incidents - twoYears.seeded.open).toBeGreaterThan(3_000);
  });

  it('sweeps the overdue corrective actions once a day: the passes after it do not read them', () => {
    const sweep = pass(twoYears, new Date('2026-11-24T09:01:00.000Z'));
    const overdue = sweep.find((r) => r.call === 'postmortems.overdueActions');
    expect(overdue?.rows).toBeGreaterThan(100);
    const after = pass(twoYears, new Date('2026-11-24T09:02:00.000Z'));
    expect(after.filter((r) => r.call.startsWith('postmortems.'))).toEqual([]);
    const nextDay = pass(twoYears, new Date('2026-11-25T09:00:00.000Z'));
    expect(nextDay.find((r) => r.call === 'postmortems.overdueActions')?.rows).toBe(overdue?.rows);
  });
});
