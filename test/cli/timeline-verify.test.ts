import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { addNote } from '../../src/core/timeline/add-note.js';
import { signingKeyPaths } from '../../src/infra/evidence/signing-key.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const run = promisify(execFile);
let t: TestStore;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = openTestStore();
  // DATA_DIR as the server has it: the public key of the key that signed the checkpoints is under keys/.
  env = { DATA_DIR: t.keyDataDir };
  const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
  addNote({ ctx: t.ctx(), input: { incidentId: incident.id, text: 'failover started' } });
  // Entries 3 (acknowledged) and 4 (status changed); checkpoint 1 signs entry 4.
  changeStatus({ ctx: t.ctx('bob'), input: { incidentId: incident.id, status: 'identified' } });
});
afterEach(() => t.close());

const verify = (...args: string[]) => runCli(['timeline', 'verify', ...args, '--db', t.path], env);
const hashOf = (seq: number) => t.store.timeline.bySeq(1, seq)?.hash ?? '';
const bypassTriggers = () =>
  t.database.sqlite.exec('drop trigger timeline_entries_no_delete; drop trigger timeline_checkpoints_no_update');

/** Two more entries and checkpoint 2 at 10:04 UTC: note (5), status monitoring (6). */
function moreWork(): void {
  t.clock.set('2026-11-24T10:04:30.000Z');
  addNote({ ctx: t.ctx(), input: { incidentId: 1, text: 'replica promoted' } });
  changeStatus({ ctx: t.ctx('bob'), input: { incidentId: 1, status: 'monitoring' } });
}

describe('warroom timeline verify', () => {
  it('reports an intact chain with its head hash and the signed checkpoint it matches, exit 0', () => {
    expect(verify('INC-0001')).toEqual({
      code: 0,
      stdout: `INC-0001: OK — 4 entries, chain head sha256:${hashOf(4)}; matches 1 signed checkpoint(s), the latest (1, head ${hashOf(4).slice(0, 12)}) covers 4 of them`,
    });
  });

  it('exits 1 and names the edited entry after someone rewrites a row behind the trigger', () => {
    t.database.sqlite.exec('drop trigger timeline_entries_no_update');
    t.database.sqlite
      .prepare("update timeline_entries set payload = replace(payload, 'failover started', 'all fine') where seq = 2")
      .run();
    const result = verify('inc-1');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('INC-0001: TAMPERED');
    expect(result.stdout).toContain('entry #2: content does not match its hash (entry was edited)');
  });

  it('exits 1 naming how many entries are missing after which checkpoint when the newest entries are deleted', () => {
    moreWork();
    expect(verify('INC-0001').code).toBe(0);
    bypassTriggers();
    // What the chain alone cannot see: the two newest rows gone leave a shorter chain that is still valid.
    t.database.sqlite.prepare('delete from timeline_entries where incident_id = 1 and seq >= 5').run();
    expect(verify('INC-0001')).toEqual({
      code: 1,
      stdout: [
        'INC-0001: TAMPERED — 1 problem(s) in 4 entries',
        '  timeline of INC-0001 ends at entry 4 but checkpoint 2 (signed 2026-11-24 10:04 UTC at status monitoring) covers 6 entries: 2 entries missing after entry 4',
      ].join('\n'),
    });
  });

  it('catches a truncation dressed up by moving the latest checkpoint back: its signature no longer verifies', () => {
    moreWork();
    bypassTriggers();
    t.database.sqlite.prepare('delete from timeline_entries where incident_id = 1 and seq >= 5').run();
    t.database.sqlite
      .prepare('update timeline_checkpoints set seq = 4, head_hash = ? where incident_id = 1 and number = 2')
      .run(hashOf(4));
    const result = verify('INC-0001');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  checkpoint 2: the signature does not verify with ${signingKeyPaths(t.keyDataDir).publicKeyPath}: the checkpoint was forged or edited`,
    );
  });

  it('refuses a checkpoint signed with another key, and a deleted checkpoint leaves a gap it names', () => {
    moreWork();
    bypassTriggers();
    t.database.sqlite
      .prepare("update timeline_checkpoints set key_fingerprint = 'sha256:' || printf('%064d', 0) where number = 1")
      .run();
    changeStatus({ ctx: t.ctx('bob'), input: { incidentId: 1, status: 'resolved' } });
    t.database.sqlite.exec('drop trigger timeline_checkpoints_no_delete');
    t.database.sqlite.prepare('delete from timeline_checkpoints where number = 2').run();
    const result = verify('INC-0001');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      / {2}checkpoint 1 \(signed 2026-11-24 09:00 UTC at status identified\) names key sha256:0{64}, not the key in .*evidence-ed25519\.pub\.pem \(sha256:[0-9a-f]{64}\)/,
    );
    expect(result.stdout).toContain(
      '  checkpoint 2 is missing (found checkpoint 3 in its place): checkpoints were removed',
    );
  });

  it('--expect-head proves a head kept earlier is still in the chain, and fails once entries after it are cut', () => {
    addNote({ ctx: t.ctx(), input: { incidentId: 1, text: 'after the checkpoint' } });
    const kept = hashOf(5);
    expect(verify('INC-0001', '--expect-head', `sha256:${kept}`).code).toBe(0);
    expect(verify('INC-0001', '--expect-head', hashOf(3)).code).toBe(0);
    bypassTriggers();
    // Entry 5 came after the latest checkpoint: only the kept head shows it is gone.
    t.database.sqlite.prepare('delete from timeline_entries where incident_id = 1 and seq = 5').run();
    expect(verify('INC-0001').code).toBe(0);
    expect(verify('INC-0001', '--expect-head', kept)).toEqual({
      code: 1,
      stdout: `INC-0001: TAMPERED — 1 problem(s) in 4 entries\n  expected head sha256:${kept} is not in the timeline: entries were removed or rewritten since it was recorded`,
    });
    expect(verify('INC-0001', '--expect-head', 'xyz')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/64 hex characters/),
    });
    expect(verify('--all', '--expect-head', kept)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^A head belongs to one incident/),
    });
  });

  it('says when an incident has no checkpoint yet (a database from before checkpoints), and still checks its chain', () => {
    declareIncident({ ctx: t.ctx(), input: { title: 'second' } });
    const ok = verify('INC-0002');
    expect(ok).toEqual({
      code: 0,
      stdout: `INC-0002: OK — 1 entries, chain head sha256:${t.store.timeline.last(2)?.hash}; no signed checkpoint yet (they start at the next status change), so entries cut off the end would not show`,
    });
    // No checkpoint, no key needed.
    expect(
      runCli(['timeline', 'verify', 'INC-0002', '--db', t.path], { DATA_DIR: join(t.keyDataDir, 'nowhere') }).code,
    ).toBe(0);
    t.database.sqlite.exec('drop trigger timeline_entries_no_update');
    t.database.sqlite
      .prepare("update timeline_entries set payload = replace(payload, 'second', 'other') where incident_id = 2")
      .run();
    expect(verify('INC-0002')).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('entry #1: content does not match its hash'),
    });
  });

  it('checks signatures with --public-key, and says what to do when it has no key for an incident with checkpoints', () => {
    const elsewhere = { DATA_DIR: join(t.keyDataDir, 'nowhere') };
    expect(runCli(['timeline', 'verify', 'INC-0001', '--db', t.path], elsewhere)).toEqual({
      code: 2,
      stderr:
        "INC-0001 has signed checkpoints but there is no public key to check them. Set DATA_DIR to the server's data directory, or pass --public-key <file> (warroom evidence pubkey prints it).",
    });
    const pub = signingKeyPaths(t.keyDataDir).publicKeyPath;
    expect(runCli(['timeline', 'verify', 'INC-0001', '--public-key', pub, '--db', t.path], elsewhere)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^INC-0001: OK/),
    });
    expect(
      runCli(['timeline', 'verify', 'INC-0001', '--public-key', '/nonexistent.pem', '--db', t.path], elsewhere),
    ).toMatchObject({ code: 2, stderr: expect.stringMatching(/^No public key at \/nonexistent\.pem/) });
    expect(runCli(['timeline', 'verify', 'INC-0001', '--public-key', t.path, '--db', t.path], elsewhere)).toMatchObject(
      { code: 2, stderr: expect.stringMatching(/is not a PEM public key/) },
    );
  });

  it('verifies every incident with --all', () => {
    declareIncident({ ctx: t.ctx(), input: { title: 'second' } });
    const result = verify('--all');
    expect(result.code).toBe(0);
    expect(result.stdout?.split('\n').map((l) => l.slice(0, 12))).toEqual(['INC-0001: OK', 'INC-0002: OK']);
  });

  it('explains bad usage, unknown incidents and missing databases with exit 2', () => {
    expect(verify()).toMatchObject({ code: 2, stderr: expect.stringMatching(/Usage: warroom timeline verify/) });
    expect(verify('INC-0001', 'INC-0002')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Usage: warroom timeline verify/),
    });
    expect(verify('INC-0001', '--frob')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown option '--frob'/),
    });
    expect(verify('INC-0099')).toMatchObject({ code: 2, stderr: expect.stringMatching(/No incident INC-0099/) });
    expect(runCli(['timeline', 'verify', 'INC-0001', '--db', '/nonexistent/x.db'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/No database at/),
    });
    expect(runCli(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown command "frobnicate"/),
    });
    expect(runCli(['timeline', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/--expect-head <hash>[\s\S]*Exit status/),
    });
    expect(runCli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/timeline verify/) });
  });

  it('runs as a real process with the documented exit status', async () => {
    const options = { env: { ...process.env, ...env } };
    const cli = (...args: string[]) =>
      run(
        process.execPath,
        ['--import', 'tsx', 'src/cli/run.ts', 'timeline', 'verify', ...args, '--db', t.path],
        options,
      );
    const ok = await cli('INC-0001');
    expect(ok.stdout).toMatch(/^INC-0001: OK/);
    bypassTriggers();
    t.database.sqlite.prepare('delete from timeline_entries where seq = 4').run();
    const failed = await cli('INC-0001').catch((e: { code: number; stdout: string }) => e);
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringMatching(/1 entry missing after entry 3/) });
  });
});

describe('warroom migrate', () => {
  it('applies migrations to a new database and is a no-op the second time', () => {
    const path = `${t.path}.fresh.db`;
    expect(runCli(['migrate', '--db', path]).stdout).toMatch(/[1-9]\d* migration\(s\) applied/);
    expect(runCli(['migrate', '--db', path]).stdout).toMatch(/0 migration\(s\) applied/);
  });
});
