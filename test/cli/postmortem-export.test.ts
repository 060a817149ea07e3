import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { addCorrectiveAction } from '../../src/core/postmortem/add-corrective-action.js';
import { addWhy } from '../../src/core/postmortem/add-why.js';
import { completeCorrectiveAction } from '../../src/core/postmortem/complete-corrective-action.js';
import { finalizePostmortem } from '../../src/core/postmortem/finalize-postmortem.js';
import { setRootCauseCategory } from '../../src/core/postmortem/set-root-cause-category.js';
import { startPostmortem } from '../../src/core/postmortem/start-postmortem.js';
import { rememberPeople } from '../../src/core/people/remember-people.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
let dir: string;
beforeEach(() => {
  t = openTestStore();
  dir = mkdtempSync(join(tmpdir(), 'warroom-pm-export-'));
  const { id } = declareIncident({ ctx: t.ctx('alice'), input: { title: 'Checkout down', severity: 'sev2' } });
  changeStatus({ ctx: t.ctx('alice'), input: { incidentId: id, status: 'resolved' } });
  startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: id } });
  addWhy({ ctx: t.ctx('bob'), input: { incidentId: id, answer: 'a bad config push' } });
  setRootCauseCategory({ ctx: t.ctx('bob'), input: { incidentId: id, category: 'configuration' } });
  addCorrectiveAction({
    ctx: t.ctx('alice'),
    input: {
      incidentId: id,
      title: 'Validate config',
      ownerId: 'bob',
      dueDate: '2026-12-01',
      kind: 'prevent',
      verification: 'CI rejects bad pool sizes',
    },
  });
  finalizePostmortem({ ctx: t.ctx('alice'), input: { incidentId: id } });
  declareIncident({ ctx: t.ctx('alice'), input: { title: 'No postmortem here' } });
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('warroom postmortem export', () => {
  it("writes the Markdown with the corrective actions' current status, in WARROOM_TIME_ZONE", () => {
    completeCorrectiveAction({
      ctx: t.ctx('bob'),
      input: { incidentId: 1, number: 1, evidence: 'https://git.example.com/pull/9' },
    });
    const out = join(dir, 'pm.md');
    const result = runCli(['postmortem', 'export', 'INC-0001', '--db', t.path, '--out', out], {
      WARROOM_TIME_ZONE: 'Asia/Tokyo',
    });
    expect(result).toEqual({ code: 0, stdout: `Wrote the INC-0001 postmortem (finalized) to ${out}` });
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toMatch(/^# INC-0001 postmortem: Checkout down\n/);
    expect(markdown).toContain('Times in Asia/Tokyo, on 2026-11-24.');
    expect(markdown).toContain('- 18:00:00 — Declared INC-0001 (SEV2) by @alice: Checkout down — lead @alice');
    // Done after finalizing: the stored copy says open, the export says done.
    expect(markdown).toContain('| done (not verified yet); evidence: https://git.example.com/pull/9 |');
    expect(t.store.postmortems.forIncident(1)?.markdown).toContain('| open |');
  });

  it('names people the directory has learned since the postmortem was finalized; the stored copy keeps what it said', () => {
    expect(t.store.postmortems.forIncident(1)?.markdown).toContain('lead @alice');
    rememberPeople({
      ctx: t.ctx('alice'),
      input: {
        people: [
          { userId: 'alice', name: 'Alice Okafor' },
          { userId: 'bob', name: 'Bob Lindqvist' },
        ],
      },
    });
    const result = runCli(['postmortem', 'export', 'INC-0001', '--db', t.path, '--out', '-']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('— lead Alice Okafor (alice)');
    expect(result.stdout).toContain('| A1 | Validate config | prevent | Bob Lindqvist (bob) | 2026-12-01 |');
    expect(t.store.postmortems.forIncident(1)?.markdown).toContain('lead @alice');
  });

  it('prints with --out -, keeps an existing file unless --force, and explains what is wrong', () => {
    expect(runCli(['postmortem', 'export', 'inc-1', '--db', t.path, '--out', '-'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^# INC-0001 postmortem/),
    });
    const out = join(dir, 'exists.md');
    writeFileSync(out, 'keep me');
    expect(runCli(['postmortem', 'export', 'INC-0001', '--db', t.path, '--out', out])).toEqual({
      code: 2,
      stderr: `${out} exists. Pass --force to replace it, or --out <another file>.`,
    });
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(runCli(['postmortem', 'export', 'INC-0001', '--db', t.path, '--out', out, '--force']).code).toBe(0);
    expect(runCli(['postmortem', 'export', 'INC-0002', '--db', t.path, '--out', join(dir, 'x.md')])).toEqual({
      code: 2,
      stderr: 'INC-0002 has no postmortem. Start it in its war room with /incident postmortem.',
    });
    expect(existsSync(join(dir, 'x.md'))).toBe(false);
    expect(runCli(['postmortem', 'export', 'INC-0099', '--db', t.path])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^No incident INC-0099/),
    });
    expect(
      runCli(['postmortem', 'export', 'INC-0001', '--db', t.path], { WARROOM_TIME_ZONE: 'Mars/Olympus' }),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^WARROOM_TIME_ZONE=Mars\/Olympus: not an IANA time zone/),
    });
    expect(runCli(['postmortem', 'publish', 'INC-0001', '--db', t.path])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^Unknown postmortem command "publish"/),
    });
    expect(runCli(['postmortem', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: warroom postmortem export/),
    });
    expect(runCli(['--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('postmortem export <INC-0042>'),
    });
  });
});
