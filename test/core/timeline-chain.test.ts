import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { addNote } from '../../src/core/timeline/add-note.js';
import { verifyTimelineChain } from '../../src/core/timeline/verify-timeline-chain.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

function incidentWithHistory(): number {
  const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
  addNote({ ctx: t.ctx(), input: { incidentId: incident.id, text: 'restarted primary' } });
  changeStatus({ ctx: t.ctx('bob'), input: { incidentId: incident.id, status: 'identified' } });
  addNote({ ctx: t.ctx(), input: { incidentId: incident.id, text: 'failover done' } });
  return incident.id;
}

describe('hash-chained timeline', () => {
  it('verifies an untouched chain and links each entry to the previous hash', () => {
    const id = incidentWithHistory();
    const entries = t.store.timeline.forIncident(id);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    entries.slice(1).forEach((e, i) => expect(e.prevHash).toBe(entries[i]?.hash));
    const verdict = verifyTimelineChain(entries);
    expect(verdict).toMatchObject({ ok: true, entries: 5, problems: [] });
    expect(verdict.headHash).toBe(entries[4]?.hash);
  });

  it('refuses UPDATE and DELETE at the database level', () => {
    const id = incidentWithHistory();
    expect(() =>
      t.database.sqlite.prepare("update timeline_entries set payload = '{}' where incident_id = ?").run(id),
    ).toThrow(/append-only/);
    expect(() => t.database.sqlite.prepare('delete from timeline_entries where incident_id = ?').run(id)).toThrow(
      /append-only/,
    );
  });

  it('detects an edited row even when the append-only trigger is dropped', () => {
    const id = incidentWithHistory();
    t.database.sqlite.exec('drop trigger timeline_entries_no_update');
    t.database.sqlite
      .prepare(
        `update timeline_entries set payload = replace(payload, 'restarted primary', 'nothing happened') where incident_id = ? and seq = 2`,
      )
      .run(id);
    const verdict = verifyTimelineChain(t.store.timeline.forIncident(id));
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([{ seq: 2, problem: expect.stringMatching(/edited/) }]);
  });

  it('detects a deleted row in the middle', () => {
    const id = incidentWithHistory();
    t.database.sqlite.exec('drop trigger timeline_entries_no_delete');
    t.database.sqlite.prepare('delete from timeline_entries where incident_id = ? and seq = 3').run(id);
    const verdict = verifyTimelineChain(t.store.timeline.forIncident(id));
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((p) => p.problem).join(' ')).toMatch(/removed or reordered/);
  });

  it('detects a rewritten row whose own hash was recomputed, because the next link breaks', () => {
    const id = incidentWithHistory();
    t.database.sqlite.exec('drop trigger timeline_entries_no_update');
    t.database.sqlite
      .prepare(`update timeline_entries set hash = '${'f'.repeat(64)}' where incident_id = ? and seq = 2`)
      .run(id);
    const verdict = verifyTimelineChain(t.store.timeline.forIncident(id));
    expect(verdict.problems.map((p) => p.seq)).toEqual([2, 3]);
  });
});
