import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { addNote } from '../../src/core/timeline/add-note.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const run = promisify(execFile);
let t: TestStore;
beforeEach(() => {
  t = openTestStore();
  const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
  addNote({ ctx: t.ctx(), input: { incidentId: incident.id, text: 'failover started' } });
  changeStatus({ ctx: t.ctx('bob'), input: { incidentId: incident.id, status: 'identified' } });
});
afterEach(() => t.close());

describe('warroom timeline verify', () => {
  it('reports an intact chain with its head hash and exits 0', () => {
    const result = runCli(['timeline', 'verify', 'INC-0001', '--db', t.path]);
    const head = t.store.timeline.last(1)?.hash;
    expect(result).toEqual({ code: 0, stdout: `INC-0001: OK — 4 entries, chain head sha256:${head}` });
  });

  it('exits 1 and names the edited entry after someone rewrites a row behind the trigger', () => {
    t.database.sqlite.exec('drop trigger timeline_entries_no_update');
    t.database.sqlite.prepare("update timeline_entries set payload = replace(payload, 'failover started', 'all fine') where seq = 2").run();
    const result = runCli(['timeline', 'verify', 'inc-1', '--db', t.path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('INC-0001: TAMPERED');
    expect(result.stdout).toContain('entry #2: content does not match its hash (entry was edited)');
  });

  it('verifies every incident with --all', () => {
    declareIncident({ ctx: t.ctx(), input: { title: 'second' } });
    const result = runCli(['timeline', 'verify', '--all', '--db', t.path]);
    expect(result.code).toBe(0);
    expect(result.stdout?.split('\n').map((l) => l.slice(0, 12))).toEqual(['INC-0001: OK', 'INC-0002: OK']);
  });

  it('explains bad usage, unknown incidents and missing databases with exit 2', () => {
    expect(runCli(['timeline', 'verify', '--db', t.path])).toMatchObject({ code: 2, stderr: expect.stringMatching(/Usage: warroom timeline verify/) });
    expect(runCli(['timeline', 'verify', 'INC-0099', '--db', t.path])).toMatchObject({ code: 2, stderr: expect.stringMatching(/No incident INC-0099/) });
    expect(runCli(['timeline', 'verify', 'INC-0001', '--db', '/nonexistent/x.db'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/No database at/) });
    expect(runCli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown command "frobnicate"/) });
    expect(runCli(['timeline', '--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/Exit status/) });
    expect(runCli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/timeline verify/) });
  });

  it('runs as a real process with the documented exit status', async () => {
    const ok = await run(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'timeline', 'verify', 'INC-0001', '--db', t.path]);
    expect(ok.stdout).toMatch(/^INC-0001: OK/);
    t.database.sqlite.exec('drop trigger timeline_entries_no_delete');
    t.database.sqlite.prepare('delete from timeline_entries where seq = 2').run();
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'timeline', 'verify', 'INC-0001', '--db', t.path]).catch((e: { code: number; stdout: string }) => e);
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringMatching(/removed or reordered/) });
  });
});

describe('warroom migrate', () => {
  it('applies migrations to a new database and is a no-op the second time', () => {
    const path = `${t.path}.fresh.db`;
    expect(runCli(['migrate', '--db', path]).stdout).toMatch(/[1-9]\d* migration\(s\) applied/);
    expect(runCli(['migrate', '--db', path]).stdout).toMatch(/0 migration\(s\) applied/);
  });
});
