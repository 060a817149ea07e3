import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { sqliteStore } from '../../src/store/sqlite-store.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

/** Counts the statements SQLite is asked to parse from now on. */
function countPrepares(): { count(): number } {
  const sqlite = t.database.sqlite;
  const prepare = sqlite.prepare.bind(sqlite);
  let prepared = 0;
  sqlite.prepare = ((source: string) => {
    prepared += 1;
    return prepare(source);
  }) as typeof sqlite.prepare;
  return { count: () => prepared };
}

describe('hot reads reuse their prepared statements', () => {
  it('inside and outside transactions: after the first call, no statement is parsed again', () => {
    const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
    const counter = countPrepares();
    const store = sqliteStore(t.database.db);
    let seq = store.timeline.last(incident.id)?.seq ?? 0;
    const hotPath = () =>
      store.transaction((tx) => {
        tx.incidents.byId(incident.id);
        tx.incidents.byNumber(incident.number);
        tx.incidents.byChannel('sandbox', 'C-none');
        tx.incidents.listOpen();
        tx.incidents.withStatus(['declared', 'investigating']);
        tx.timeline.last(incident.id);
        tx.timeline.latest(incident.id, 50);
        seq += 1;
        tx.timeline.insert({
          incidentId: incident.id,
          seq,
          at: '2026-11-24T09:00:00.000Z',
          actor: 'alice',
          kind: 'note.added',
          payload: '{"text":"x","via":"command"}',
          prevHash: 'x',
          hash: 'y',
        });
        tx.roles.forIncident(incident.id);
        tx.roles.get(incident.id, 'comms');
        tx.schedules.claimReminder(`k${seq}`, incident.id, new Date());
        tx.schedules.clocksFor(incident.id);
        tx.schedules.dueClocks('2026-11-24T09:00:00.000Z', 200);
        tx.playbooks.runsFor(incident.id);
        tx.playbooks.run(1);
        tx.playbooks.steps(1);
        tx.checkpoints.latest(incident.id);
      });
    hotPath();
    const first = counter.count();
    expect(first).toBeGreaterThan(10);
    for (let i = 0; i < 20; i += 1) hotPath();
    expect(counter.count()).toBe(first);
    expect(store.timeline.last(incident.id)?.seq).toBe(seq);
  });
});
