// npm run bench (part 2): /incident stats, GET /api/stats and /metrics over 100k incidents. The rows are written
// with plain SQL in one transaction (going through the core would take minutes and measure something else); their
// shapes follow the schema, so the stats queries and their indexes are the ones production runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ALERT_POLICY } from '../src/core/alert/priority-policy.js';
import type { Ctx } from '../src/core/context.js';
import { computeIncidentStats } from '../src/core/metrics/compute-incident-stats.js';
import { openDatabase } from '../src/store/db.js';
import { sqliteStore } from '../src/store/sqlite-store.js';

const INCIDENTS = 100_000;
/** Spread over two years before "now". */
const SPAN_DAYS = 730;
const NOW = new Date('2026-11-24T09:00:00.000Z');
const SERVICES = [
  'checkout',
  'payments',
  'search',
  'auth',
  'inventory',
  'shipping',
  'catalog',
  'billing',
  'identity',
  'cdn',
];
const TECHNIQUES = ['T1486', 'T1078', 'T1110', 'T1190', 'T1566', 'T1059', 'T1021', 'T1048'];
const STEPS = [
  { id: 'scope', sla: 15 },
  { id: 'contain', sla: 60 },
  { id: 'notify', sla: 240 },
  { id: 'recover', sla: null },
];

const iso = (ms: number) => new Date(ms).toISOString();

function seed(sqlite: ReturnType<typeof openDatabase>['sqlite']): void {
  const incident = sqlite.prepare(
    `insert into incidents (number, ref, title, severity, status, platform, planned_channel_name, lead_id, origin, priority, service,
       detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at, updated_at)
     values (?, ?, ?, ?, ?, 'sandbox', ?, 'alice', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const technique = sqlite.prepare('insert or ignore into incident_techniques (incident_id, technique) values (?, ?)');
  const postmortem = sqlite.prepare(
    `insert into postmortems (incident_id, state, problem, current_chain, started_by, started_at, updated_at) values (?, ?, 'p', 1, 'alice', ?, ?)`,
  );
  const action = sqlite.prepare(
    `insert into corrective_actions (postmortem_id, incident_id, number, title, owner_id, due_date, kind, verification, links, status, created_by, created_at)
     values (?, ?, 1, 't', 'bob', ?, 'prevent', 'v', '[]', ?, 'alice', ?)`,
  );
  const run = sqlite.prepare(
    `insert into playbook_runs (incident_id, playbook_id, version, definition, status, attached_at, attached_by, reason) values (?, ?, 1, '{"stages":[]}', 'active', ?, 'router', 'bench')`,
  );
  const timing = sqlite.prepare('insert into step_timings (run_id, step_id, started_at, due_at) values (?, ?, ?, ?)');
  const step = sqlite.prepare(
    `insert into playbook_steps (run_id, step_id, status, done_by, done_at, updated_at) values (?, ?, 'done', 'bob', ?, ?)`,
  );
  const clock = sqlite.prepare(
    `insert into incident_clocks (incident_id, run_id, clock_id, title, started_at, deadline, stopped_at) values (?, ?, 'gdpr', 'GDPR', ?, ?, ?)`,
  );
  const recurrence = sqlite.prepare(
    `insert into timeline_entries (incident_id, seq, at, actor, kind, payload, prev_hash, hash) values (?, 1, ?, 'system', 'recurrence.flagged', '{}', '', 'x')`,
  );
  sqlite.transaction(() => {
    for (let n = 1; n <= INCIDENTS; n += 1) {
      const declared = NOW.getTime() - Math.floor((n / INCIDENTS) * SPAN_DAYS * 86_400_000);
      const minutes = (m: number) => iso(declared + m * 60_000);
      const alert = n % 3 !== 0;
      const resolved = n % 10 !== 0;
      const id = Number(
        incident.run(
          n,
          `INC-${n}`,
          `incident ${n}`,
          `sev${(n % 4) + 1}`,
          resolved ? 'resolved' : 'investigating',
          `inc-${n}`,
          alert ? 'alert' : 'manual',
          alert ? `P${(n % 4) + 1}` : null,
          SERVICES[n % SERVICES.length] ?? null,
          alert ? minutes(-(n % 9)) : null,
          minutes(0),
          minutes(2 + (n % 13)),
          resolved ? minutes(20 + (n % 50)) : null,
          resolved ? minutes(40 + (n % 200)) : null,
          minutes(0),
        ).lastInsertRowid,
      );
      if (alert) technique.run(id, TECHNIQUES[n % TECHNIQUES.length] ?? 'T1486');
      if (n % 5 === 0) {
        const pm = Number(
          postmortem.run(id, n % 10 === 0 ? 'finalized' : 'draft', minutes(60), minutes(60)).lastInsertRowid,
        );
        action.run(
          pm,
          id,
          iso(declared + 14 * 86_400_000).slice(0, 10),
          ['open', 'done', 'verified'][n % 3] ?? 'open',
          minutes(60),
        );
      }
      if (n % 3 === 0) {
        const runId = Number(run.run(id, n % 2 === 0 ? 'ransomware' : 'service-outage', minutes(1)).lastInsertRowid);
        for (const s of STEPS) {
          timing.run(runId, s.id, minutes(1), s.sla === null ? null : minutes(1 + s.sla));
          step.run(runId, s.id, minutes(5 + (n % 300)), minutes(5 + (n % 300)));
        }
        clock.run(id, runId, minutes(1), minutes(61), n % 4 === 0 ? null : minutes(30));
      }
      if (n % 20 === 0) recurrence.run(id, minutes(0));
    }
  })();
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-stats-bench-'));
  const database = openDatabase(join(dir, 'warroom.db'));
  try {
    const s0 = performance.now();
    seed(database.sqlite);
    database.sqlite.exec('analyze');
    console.log(`seeded ${INCIDENTS} incidents in ${Math.round(performance.now() - s0)} ms`);
    const store = sqliteStore(database.db);
    const ctx: Ctx = {
      actor: { type: 'system', reason: 'bench' },
      now: () => NOW,
      store,
      requestId: 'bench',
      settings: {
        platform: 'sandbox',
        roles: ['comms'],
        announceChannel: null,
        alertPolicy: DEFAULT_ALERT_POLICY,
        playbooks: [],
        attack: null,
        timeZone: 'Europe/Berlin',
      },
    };
    let failed = false;
    for (const [days, targetMs] of [
      [30, 150],
      [366, 1_000],
    ] as const) {
      computeIncidentStats({ ctx, days }); // warm the page cache and statement cache
      const t0 = performance.now();
      const stats = computeIncidentStats({ ctx, days });
      const ms = performance.now() - t0;
      const ok = ms <= targetMs;
      failed ||= !ok;
      console.log(
        `${ok ? 'ok  ' : 'SLOW'} ${`stats over ${days} days (${stats.overall.incidents} of ${INCIDENTS} incidents)`.padEnd(48)} ${String(Math.round(ms)).padStart(7)} ms  target ≤ ${targetMs} ms`,
      );
    }
    if (failed) process.exitCode = 1;
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
