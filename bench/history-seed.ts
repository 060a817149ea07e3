// A store with years of history, written with plain SQL in one transaction through prepared inserts (going through
// the core would take hours and measure something else). It is written in the schema of migration 0019 and in the
// state releases up to then left behind: closing an incident did not stop its clocks, so every clock of a closed
// incident whose stop step was never done is still "running". Opening it with the current migrations upgrades it
// the way a real deployment is upgraded. Used by bench/history-bench.ts at full size and by tests at a small one.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Playbook } from '../src/core/playbook/playbook-schema.js';
import { findMigrationsFolder } from '../src/store/db.js';

/** The last migration whose schema the seeder writes. */
const SEED_SCHEMA_MIGRATION = 19;

export interface HistoryShape {
  incidents: number;
  /** Timeline entries per incident. */
  entriesPerIncident: number;
  /** Incidents are spread evenly over this many days before `now`, the newest 30 minutes old. */
  spanDays: number;
  now: Date;
  /** The playbook one incident in ten ran (its snapshot is stored with each run, as attaching does). */
  playbook: Playbook;
}

export interface SeededHistory {
  incidents: number;
  timelineEntries: number;
  clocks: number;
  /** Incidents neither resolved nor closed, with a war room: the ones the scheduler nudges. */
  active: number;
  /** Incidents not closed (active and resolved): what `/incident list` shows. */
  open: number;
  /** Clocks of closed incidents left running by releases before 0020. */
  clocksOfClosedLeftRunning: number;
}

/** A copy of migrations/ that stops at the seed schema (0019), for opening the database the seeder writes into. */
export function seedSchemaMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-seed-migrations-'));
  cpSync(findMigrationsFolder(), dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ idx: number }> };
  journal.entries = journal.entries.filter((e) => e.idx <= SEED_SCHEMA_MIGRATION);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const SERVICES = ['checkout', 'payments', 'search', 'auth', 'inventory', 'shipping', 'catalog', 'billing', 'identity'];
const TECHNIQUES = ['T1486', 'T1078', 'T1110', 'T1190', 'T1566', 'T1059', 'T1021', 'T1048'];
const ACTIVE_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
const HASH = 'ab'.repeat(32);

const iso = (ms: number) => new Date(ms).toISOString();

/** Writes the history into a database at the 0019 schema (see seedSchemaMigrations). */
export function seedHistory(sqlite: Database.Database, shape: HistoryShape): SeededHistory {
  const incident = sqlite.prepare(
    `insert into incidents (number, ref, title, severity, status, platform, planned_channel_name, channel_id, channel_name,
       lead_id, declared_by, origin, priority, service, detected_at, declared_at, acknowledged_at, mitigated_at,
       resolved_at, closed_at, updated_at)
     values (?, ?, ?, ?, ?, 'sandbox', ?, ?, ?, 'alice', 'alice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const entry = sqlite.prepare(
    'insert into timeline_entries (incident_id, seq, at, actor, kind, payload, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const role = sqlite.prepare(
    `insert into incident_roles (incident_id, role, user_id, assigned_by, assigned_at) values (?, 'comms', 'bob', 'alice', ?)`,
  );
  const technique = sqlite.prepare('insert or ignore into incident_techniques (incident_id, technique) values (?, ?)');
  const postmortem = sqlite.prepare(
    `insert into postmortems (incident_id, state, problem, current_chain, started_by, started_at, updated_at) values (?, ?, 'p', 1, 'alice', ?, ?)`,
  );
  const action = sqlite.prepare(
    `insert into corrective_actions (postmortem_id, incident_id, number, title, owner_id, due_date, kind, verification, links, status, created_by, created_at)
     values (?, ?, 1, 'add an alert', 'bob', ?, 'prevent', 'v', '[]', ?, 'alice', ?)`,
  );
  const run = sqlite.prepare(
    `insert into playbook_runs (incident_id, playbook_id, version, definition, status, attached_at, attached_by, reason, stage_starts)
     values (?, ?, ?, ?, 'active', ?, 'router', 'bench', ?)`,
  );
  const timing = sqlite.prepare('insert into step_timings (run_id, step_id, started_at, due_at) values (?, ?, ?, ?)');
  const step = sqlite.prepare(
    `insert into playbook_steps (run_id, step_id, status, done_by, done_at, updated_at) values (?, ?, 'done', 'bob', ?, ?)`,
  );
  const clock = sqlite.prepare(
    `insert into incident_clocks (incident_id, run_id, clock_id, title, started_at, deadline, stopped_at, stopped_by, missed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const reminder = sqlite.prepare('insert or ignore into sent_reminders (key, incident_id, sent_at) values (?, ?, ?)');

  const seeded: SeededHistory = {
    incidents: 0,
    timelineEntries: 0,
    clocks: 0,
    active: 0,
    open: 0,
    clocksOfClosedLeftRunning: 0,
  };
  const { playbook } = shape;
  const definition = JSON.stringify(playbook);
  const firstStage = playbook.stages[0];
  const attachClocks = playbook.clocks.filter((c) => c.starts === 'attach' && c.hours !== undefined);
  const nowMs = shape.now.getTime();
  const spanMs = shape.spanDays * 86_400_000;
  sqlite.transaction(() => {
    for (let n = 1; n <= shape.incidents; n += 1) {
      const declared = nowMs - 30 * 60_000 - Math.floor(((shape.incidents - n) / shape.incidents) * spanMs);
      const at = (minutes: number) => iso(declared + minutes * 60_000);
      const ageDays = (nowMs - declared) / 86_400_000;
      // The last three days: a quarter still being worked on, the rest resolved. Older: closed, but one in a
      // thousand left resolved by a lead who never closed it.
      const state: 'active' | 'resolved' | 'closed' =
        ageDays < 3 ? (n % 4 === 0 ? 'active' : 'resolved') : n % 1000 === 0 ? 'resolved' : 'closed';
      const status = state === 'active' ? ACTIVE_STATUSES[n % 3] : state;
      const alert = n % 3 !== 0;
      const channel = `inc-${n}`;
      const resolvedAt = state === 'active' ? null : at(40 + (n % 200));
      const closedMs = state === 'closed' ? declared + (2_000 + (n % 500)) * 60_000 : null;
      const closedAt = closedMs === null ? null : iso(closedMs);
      const id = Number(
        incident.run(
          n,
          `INC-${String(n).padStart(4, '0')}`,
          `incident ${n}: ${SERVICES[n % SERVICES.length]} is slow`,
          `sev${(n % 4) + 1}`,
          status,
          channel,
          `C${n}`,
          channel,
          alert ? 'alert' : 'manual',
          alert ? `P${(n % 4) + 1}` : null,
          SERVICES[n % SERVICES.length] ?? null,
          alert ? at(-(n % 9)) : null,
          at(0),
          at(2 + (n % 13)),
          state === 'active' && status === 'investigating' ? null : at(20 + (n % 50)),
          resolvedAt,
          closedAt,
          closedAt ?? resolvedAt ?? at(15),
        ).lastInsertRowid,
      );
      seeded.incidents += 1;
      if (state !== 'closed') seeded.open += 1;
      if (state === 'active') seeded.active += 1;

      // The timeline: declared, a role, acknowledged, notes, status changes, resolved and closed when they were.
      const kinds: Array<[string, string]> = [
        [
          'incident.declared',
          JSON.stringify({ ref: `INC-${n}`, title: 'slow', severity: 'sev2', lead: 'alice', via: 'command' }),
        ],
        ['role.assigned', '{"role":"comms","from":null,"to":"bob","via":"command"}'],
        ['incident.acknowledged', '{"by":"alice","via":"button"}'],
        ['status.changed', '{"from":"declared","to":"investigating","note":null,"via":"command"}'],
      ];
      if (n % 20 === 0) kinds.push(['recurrence.flagged', '{"previous":1}']);
      const tail: Array<[string, string]> = [];
      if (state !== 'active') {
        const openWork =
          n % 7 === 0
            ? ',"openWork":{"steps":[{"playbookId":"ransomware-host","stage":"triage","stepId":"contain","title":"Contain"}],"stages":[]}'
            : '';
        tail.push([
          'status.changed',
          `{"from":"monitoring","to":"resolved","note":"fixed","via":"command"${openWork}}`,
        ]);
      }
      if (state === 'closed') tail.push(['incident.closed', '{"via":"command"}']);
      while (kinds.length + tail.length < shape.entriesPerIncident)
        kinds.push([
          'note.added',
          `{"text":"checked the ${SERVICES[kinds.length % SERVICES.length]} dashboards again","via":"command"}`,
        ]);
      [...kinds, ...tail].slice(0, shape.entriesPerIncident).forEach(([kind, payload], i) => {
        entry.run(id, i + 1, at(i), 'alice', kind, payload, HASH, HASH);
      });
      seeded.timelineEntries += Math.min(kinds.length + tail.length, shape.entriesPerIncident);
      role.run(id, at(1));
      if (alert) technique.run(id, TECHNIQUES[n % TECHNIQUES.length] ?? 'T1486');

      if (n % 5 === 0 && state !== 'active') {
        const pm = Number(postmortem.run(id, n % 10 === 0 ? 'finalized' : 'draft', at(60), at(60)).lastInsertRowid);
        action.run(
          pm,
          id,
          iso(declared + 14 * 86_400_000).slice(0, 10),
          ['open', 'done', 'verified'][n % 3] ?? 'open',
          at(60),
        );
      }

      // One in ten ran the playbook: its first stage started at attach, its attach clocks started.
      if (n % 10 === 0 && firstStage) {
        const runId = Number(
          run.run(id, playbook.id, playbook.version, definition, at(1), JSON.stringify({ [firstStage.id]: at(1) }))
            .lastInsertRowid,
        );
        for (const s of firstStage.steps) {
          timing.run(runId, s.id, at(1), s.sla === undefined ? null : at(1 + s.sla));
          if (state !== 'active') step.run(runId, s.id, at(5 + (n % 300)), at(5 + (n % 300)));
        }
        for (const { id: clockId, title, hours = 0 } of attachClocks) {
          const deadline = declared + 60_000 + hours * 3_600_000;
          // Half were met by their stop step. The scheduler saw the others until their incident closed (it skipped
          // closed incidents): it sent the reminders due by then and marked the deadlines passed by then missed;
          // a clock whose deadline came after the close was left running forever.
          const met = n % 20 === 0;
          const seenUntil = closedMs ?? nowMs;
          const missed = !met && deadline <= seenUntil;
          const clockRow = Number(
            clock.run(
              id,
              runId,
              clockId,
              title,
              at(1),
              iso(deadline),
              met ? at(30) : null,
              met ? 'carol' : null,
              missed ? iso(deadline) : null,
            ).lastInsertRowid,
          );
          seeded.clocks += 1;
          if (!met && !missed && closedMs !== null) seeded.clocksOfClosedLeftRunning += 1;
          if (met) continue;
          for (const mark of [50, 90, 100]) {
            const markAt = declared + 60_000 + (hours * 3_600_000 * mark) / 100;
            if (markAt <= seenUntil) reminder.run(`clock:${clockRow}:${mark}`, id, iso(markAt));
          }
        }
      }
    }
  })();
  return seeded;
}
