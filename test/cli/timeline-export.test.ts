import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { rememberPeople } from '../../src/core/people/remember-people.js';
import { addNote } from '../../src/core/timeline/add-note.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
  rememberPeople({ ctx: t.ctx(), input: { people: [{ userId: 'bob', name: 'bob.lindqvist' }] } });
  const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
  addNote({ ctx: t.ctx('bob'), input: { incidentId: incident.id, text: 'failover started' } });
  changeStatus({ ctx: t.ctx('bob'), input: { incidentId: incident.id, status: 'identified' } });
});
afterEach(() => t.close());

describe('warroom timeline export', () => {
  it('prints every entry with who did it, by name and id (or the id alone when no name is known)', () => {
    const result = runCli(['timeline', 'export', 'inc-1', '--db', t.path], { WARROOM_TIME_ZONE: 'Europe/Berlin' });
    expect(result.code).toBe(0);
    const lines = result.stdout?.split('\n') ?? [];
    expect(lines[0]).toBe(
      `INC-0001 timeline: db down (4 entries, times in Europe/Berlin, chain head sha256:${t.store.timeline.last(1)?.hash})`,
    );
    expect(lines.slice(1)).toEqual([
      '#1 2026-11-24 10:00:00 — Declared INC-0001 (SEV3) by @alice: db down — lead @alice',
      '#2 2026-11-24 10:00:00 — Note by bob.lindqvist (bob): failover started',
      '#3 2026-11-24 10:00:00 — Acknowledged by bob.lindqvist (bob)',
      '#4 2026-11-24 10:00:00 — Status declared → identified by bob.lindqvist (bob)',
    ]);
  });

  it('refuses to export a timeline that fails verification, and says what to run', () => {
    t.database.sqlite.exec('drop trigger timeline_entries_no_update');
    t.database.sqlite
      .prepare("update timeline_entries set payload = replace(payload, 'failover started', 'all fine') where seq = 2")
      .run();
    expect(runCli(['timeline', 'export', 'INC-0001', '--db', t.path], {})).toEqual({
      code: 1,
      stderr: 'INC-0001 timeline fails verification, so nothing was exported. Run `warroom timeline verify INC-0001`.',
    });
  });

  it('says what to type for a missing or unknown incident', () => {
    expect(runCli(['timeline', 'export', '--db', t.path], {})).toMatchObject({
      code: 2,
      stderr: 'Which incident? Usage: warroom timeline export <INC-0042>',
    });
    expect(runCli(['timeline', 'export', 'INC-0099', '--db', t.path], {})).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^No incident INC-0099\./),
    });
  });
});
