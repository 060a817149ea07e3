import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyTimelineChain } from '../../src/core/timeline/verify-timeline-chain.js';
import { findMigrationsFolder, openDatabase } from '../../src/store/db.js';
import { sqliteStore } from '../../src/store/sqlite-store.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { addNote } from '../../src/core/timeline/add-note.js';
import { defaultSettings } from '../support/test-store.js';
import { coalesceKey, destinationOf, type OutboxIntent } from '../../src/core/outbox/outbox-intent.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { runScheduledJobs } from '../../src/core/schedule/run-scheduled-jobs.js';
import { verifyTimeline } from '../../src/core/timeline/verify-timeline.js';
import { loadOrCreateSigningKey, signingKeyPaths } from '../../src/infra/evidence/signing-key.js';
import { loadSignatureVerifier } from '../../src/infra/evidence/load-signature-verifier.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of migrations/ that stops after the first `count` entries: the database as an older release left it. */
function migrationsUpTo(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-mig-'));
  dirs.push(dir);
  cpSync(findMigrationsFolder(), dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe('migrations', () => {
  it('upgrade a database from the first release without losing incidents or breaking the timeline chain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-db-'));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    const old = openDatabase(path, { migrationsFolder: migrationsUpTo(2) });
    // Written with the old schema's columns only.
    old.sqlite
      .prepare(
        `insert into incidents (number, ref, title, severity, status, platform, planned_channel_name, lead_id, declared_by, declared_at, updated_at)
         values (1, 'INC-0001', 'old one', 'sev2', 'investigating', 'sandbox', 'inc-0001-old-one', 'alice', 'alice', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
      )
      .run();
    old.sqlite
      .prepare(
        `insert into incident_roles (incident_id, role, user_id, assigned_by, assigned_at) values (1, 'comms', 'bob', 'alice', '2026-01-01T00:00:00.000Z')`,
      )
      .run();
    old.close();

    const upgraded = openDatabase(path);
    const store = sqliteStore(upgraded.db);
    expect(store.incidents.byNumber(1)).toMatchObject({
      title: 'old one',
      leadId: 'alice',
      origin: 'manual',
      priority: null,
    });
    expect(store.roles.forIncident(1)).toHaveLength(1);
    const ctx = {
      actor: { type: 'sandbox' as const, userId: 'alice' },
      now: () => new Date(),
      store,
      requestId: 't',
      settings: defaultSettings,
    };
    addNote({ ctx, input: { incidentId: 1, text: 'after the upgrade' } });
    expect(declareIncident({ ctx, input: { title: 'new one' } }).ref).toBe('INC-0002');
    expect(verifyTimelineChain(store.timeline.forIncident(1)).ok).toBe(true);
    // The append-only guard survives the rebuild.
    expect(() => upgraded.sqlite.prepare('delete from timeline_entries').run()).toThrow(/append-only/);
    expect(upgraded.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    upgraded.close();
  });

  it('0011 backfills the stats indexes: ATT&CK techniques of linked alerts and the clocks of started steps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-db-'));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    const old = openDatabase(path, { migrationsFolder: migrationsUpTo(11) });
    const at = '2026-11-01T10:00:00.000Z';
    old.sqlite
      .prepare(
        `insert into incidents (number, ref, title, severity, status, platform, planned_channel_name, lead_id, declared_at, updated_at)
         values (1, 'INC-0001', 'ransom', 'sev1', 'investigating', 'sandbox', 'inc-0001', 'alice', ?, ?)`,
      )
      .run(at, at);
    old.sqlite
      .prepare(
        `insert into alerts (source, fingerprint, incident_id, status, severity, priority, title, normalized, first_received_at, last_received_at)
         values ('wazuh', 'fp', 1, 'firing', 'critical', 'P1', 'ransom', ?, ?, ?)`,
      )
      .run(JSON.stringify({ attackTechniques: ['T1486', 'T1490'] }), at, at);
    const definition = {
      stages: [
        { id: 'triage', steps: [{ id: 'scope', sla: 15 }, { id: 'notify' }] },
        { id: 'containment', steps: [{ id: 'isolate', sla: 30 }] },
      ],
    };
    old.sqlite
      .prepare(
        `insert into playbook_runs (incident_id, playbook_id, version, definition, status, attached_at, attached_by, reason, stage_starts)
         values (1, 'ransomware', 1, ?, 'active', ?, 'router', 'test', ?)`,
      )
      .run(JSON.stringify(definition), at, JSON.stringify({ triage: at }));
    old.close();

    const upgraded = openDatabase(path);
    expect(
      upgraded.sqlite.prepare('select technique from incident_techniques order by technique').pluck().all(),
    ).toEqual(['T1486', 'T1490']);
    // Only the started stage's steps; the SLA due time from the snapshotted definition, in the app's ISO format.
    expect(
      upgraded.sqlite.prepare('select step_id, started_at, due_at from step_timings order by step_id').all(),
    ).toEqual([
      { step_id: 'notify', started_at: at, due_at: null },
      { step_id: 'scope', started_at: at, due_at: '2026-11-01T10:15:00.000Z' },
    ]);
    upgraded.close();
  });

  it('0013 gives the outbox rows still waiting the coalesce keys the code computes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-db-'));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    const old = openDatabase(path, { migrationsFolder: migrationsUpTo(13) });
    const intents: OutboxIntent[] = [
      { type: 'warroom.header', incidentId: 1 },
      { type: 'warroom.alerts', incidentId: 1 },
      { type: 'warroom.post', incidentId: 1, seq: 3 },
      { type: 'triage.post', alertId: 9, channel: 'C1' },
      { type: 'approval.post', incidentId: 1, approvalId: 4 },
      { type: 'playbook.stage', incidentId: 1, runId: 2, stageId: 'containment' },
    ];
    const insert = old.sqlite.prepare(
      `insert into outbox (idempotency_key, destination, incident_id, intent, status, next_attempt_at, created_at) values (?, ?, 1, ?, 'pending', 0, '2026-11-01T00:00:00.000Z')`,
    );
    intents.forEach((intent, i) => insert.run(`k${i}`, destinationOf(intent), JSON.stringify(intent)));
    old.close();

    const upgraded = openDatabase(path);
    const keys = upgraded.sqlite.prepare('select coalesce_key from outbox order by id').pluck().all();
    expect(keys).toEqual(intents.map(coalesceKey));
    expect(keys.filter((k) => k !== null)).toHaveLength(5);
    upgraded.close();
  });

  it('0016 adds timeline checkpoints: an incident from before gets its first at its next status change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-db-'));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    const journal = JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: Array<{ tag: string }>;
    };
    const before = journal.entries.findIndex((e) => e.tag.endsWith('_timeline_checkpoints'));
    expect(before).toBeGreaterThan(0);
    const old = openDatabase(path, { migrationsFolder: migrationsUpTo(before) });
    const oldCtx = {
      actor: { type: 'sandbox' as const, userId: 'alice' },
      now: () => new Date('2026-11-01T10:00:00.000Z'),
      store: sqliteStore(old.db),
      requestId: 't',
      settings: defaultSettings,
    };
    // Today's code writes outbox rows with a column a later migration added (0021 held_until): the old table gets it
    // for these writes only, and loses it again before the upgrade adds it.
    old.sqlite.exec('ALTER TABLE outbox ADD held_until integer');
    declareIncident({ ctx: oldCtx, input: { title: 'old one' } });
    addNote({ ctx: oldCtx, input: { incidentId: 1, text: 'before checkpoints' } });
    old.sqlite.exec('ALTER TABLE outbox DROP COLUMN held_until');
    old.close();

    const upgraded = openDatabase(path);
    const store = sqliteStore(upgraded.db);
    expect(verifyTimeline({ ctx: { store }, verifier: null, input: { incidentId: 1 } })).toMatchObject({
      ok: true,
      entries: 2,
      latest: null,
      checkpoints: 0,
    });
    const { signer } = loadOrCreateSigningKey(dir);
    changeStatus({
      ctx: { ...oldCtx, store, settings: { ...defaultSettings, signer } },
      input: { incidentId: 1, status: 'investigating' },
    });
    const verifier = loadSignatureVerifier(signingKeyPaths(dir).publicKeyPath);
    // The first checkpoint covers the whole chain, the entries written before the upgrade included.
    expect(verifyTimeline({ ctx: { store }, verifier, input: { incidentId: 1 } })).toMatchObject({
      ok: true,
      entries: 4,
      checkpoints: 1,
      latest: { number: 1, seq: 4 },
    });
    upgraded.close();
  });

  it('outbox_dead_letters counts the rows dead-lettered before it existed, labelled as the dispatcher labels them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-db-'));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    // Found by name, so this test survives renumbering when another migration lands first.
    const journal = JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: Array<{ tag: string }>;
    };
    const index = journal.entries.findIndex((e) => e.tag.endsWith('_outbox_dead_letters'));
    expect(index).toBeGreaterThan(0);
    const old = openDatabase(path, { migrationsFolder: migrationsUpTo(index) });
    const insert = old.sqlite.prepare(
      `insert into outbox (idempotency_key, destination, intent, status, next_attempt_at, created_at, sent_at, last_error) values (?, 'channel:triage', ?, ?, 0, '2026-11-01T00:00:00.000Z', '2026-11-01T00:01:00.000Z', ?)`,
    );
    const triage = JSON.stringify({ type: 'triage.post', alertId: 1, channel: 'triage' });
    insert.run('a', triage, 'dead', 'chat.postMessage: channel_not_found');
    insert.run('b', triage, 'dead', 'alert 1 not found');
    insert.run('c', triage, 'sent', null);
    insert.run('d', triage, 'dead', 'teams: HTTP 404');
    old.close();

    const upgraded = openDatabase(path);
    const rows = upgraded.sqlite
      .prepare('select outbox_id, method, error, dead_at from outbox_dead_letters order by outbox_id')
      .all();
    expect(rows).toEqual([
      { outbox_id: 1, method: 'chat.postMessage', error: 'channel_not_found', dead_at: '2026-11-01T00:01:00.000Z' },
      { outbox_id: 2, method: 'triage.post', error: 'refused', dead_at: '2026-11-01T00:01:00.000Z' },
      { outbox_id: 4, method: 'triage.post', error: 'refused', dead_at: '2026-11-01T00:01:00.000Z' },
    ]);
    expect(
      sqliteStore(upgraded.db)
        .outbox.listDead()
        .map((d) => [d.outboxId, d.method, d.code]),
    ).toEqual([
      [1, 'chat.postMessage', 'channel_not_found'],
      [2, 'triage.post', 'refused'],
      [4, 'triage.post', 'refused'],
    ]);
    upgraded.close();
  });

  it('0020 ends the clocks closed incidents left running and makes the running ones due for the first pass', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-db-'));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    const journal = JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: Array<{ tag: string }>;
    };
    const index = journal.entries.findIndex((e) => e.tag.endsWith('_clocks_stop_history_indexed'));
    expect(index).toBeGreaterThan(0);
    const old = openDatabase(path, { migrationsFolder: migrationsUpTo(index) });
    const incident = old.sqlite.prepare(
      `insert into incidents (number, ref, title, severity, status, platform, planned_channel_name, lead_id, declared_at, closed_at, updated_at)
       values (?, ?, 'breach', 'sev3', ?, 'sandbox', ?, 'alice', '2026-11-01T00:00:00.000Z', ?, '2026-11-02T00:00:00.000Z')`,
    );
    incident.run(1, 'INC-0001', 'closed', 'inc-1', '2026-11-01T12:00:00.000Z');
    incident.run(2, 'INC-0002', 'resolved', 'inc-2', null);
    incident.run(3, 'INC-0003', 'investigating', 'inc-3', null);
    const clock = old.sqlite.prepare(
      `insert into incident_clocks (incident_id, run_id, clock_id, title, started_at, deadline, stopped_at, missed_at)
       values (?, 1, ?, ?, '2026-11-01T00:00:00.000Z', '2026-11-04T00:00:00.000Z', ?, ?)`,
    );
    clock.run(1, 'gdpr', 'GDPR (closed, never stopped)', null, null);
    clock.run(1, 'nis2', 'NIS2 (closed, stopped)', '2026-11-01T06:00:00.000Z', null);
    clock.run(2, 'gdpr', 'GDPR (resolved, running)', null, null);
    clock.run(3, 'gdpr', 'GDPR (missed)', null, '2026-11-04T00:00:00.000Z');
    old.close();

    const upgraded = openDatabase(path);
    expect(upgraded.sqlite.prepare('select id, ended_at, remind_at from incident_clocks order by id').all()).toEqual([
      { id: 1, ended_at: '2026-11-01T12:00:00.000Z', remind_at: null },
      { id: 2, ended_at: null, remind_at: null },
      { id: 3, ended_at: null, remind_at: '2026-11-01T00:00:00.000Z' },
      { id: 4, ended_at: null, remind_at: null },
    ]);
    // The first pass (at 60 % of the resolved incident's clock) sends its 50 % reminder and waits for 90 %.
    const store = sqliteStore(upgraded.db);
    const at = new Date('2026-11-02T19:12:00.000Z');
    runScheduledJobs({
      ctx: {
        actor: { type: 'system', reason: 'scheduler' },
        now: () => at,
        store,
        requestId: 't',
        settings: defaultSettings,
      },
    });
    expect(upgraded.sqlite.prepare("select key from sent_reminders where key like 'clock:%'").pluck().all()).toEqual([
      'clock:3:50',
    ]);
    expect(store.schedules.clocksFor(2)[0]).toMatchObject({ remindAt: '2026-11-03T16:48:00.000Z', missedAt: null });
    expect(store.schedules.dueClocks(at.toISOString(), 10)).toEqual([]);
    upgraded.close();
  });

  it('refuse a migration that leaves broken foreign keys; a start with nothing to migrate does not re-check them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-db-'));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    const journal = JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const orphan = (db: ReturnType<typeof openDatabase>) => {
      db.sqlite.pragma('foreign_keys = OFF');
      db.sqlite
        .prepare(
          `insert into incident_roles (incident_id, role, user_id, assigned_by, assigned_at) values (999, 'comms', 'bob', 'alice', '2026-01-01T00:00:00.000Z')`,
        )
        .run();
      db.close();
    };
    orphan(openDatabase(path, { migrationsFolder: migrationsUpTo(journal.entries.length - 1) }));
    expect(() => openDatabase(path)).toThrow(/migration left 1 rows with broken foreign keys/);

    const current = join(dir, 'current.db');
    orphan(openDatabase(current));
    expect(() => openDatabase(current).close()).not.toThrow();
  });
});
