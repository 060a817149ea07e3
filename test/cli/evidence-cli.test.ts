import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { addEvidence } from '../../src/core/evidence/add-evidence.js';
import { hashCustodyEntry } from '../../src/core/evidence/custody-entry.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { openEvidenceVault } from '../../src/infra/evidence/open-evidence-vault.js';
import { loadOrCreateSigningKey } from '../../src/infra/evidence/signing-key.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const run = promisify(execFile);
let t: TestStore;
let dataDir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = openTestStore();
  // The test store's folder doubles as DATA_DIR: warroom.db, evidence/ and keys/ side by side, as in production.
  dataDir = dirname(t.path);
  env = { DATA_DIR: dataDir };
  const ctx = (user: string) => t.ctx(user, { evidence: openEvidenceVault(dataDir, 'UTC') });
  declareIncident({ ctx: ctx('alice'), input: { title: 'db down' } });
  addEvidence({ ctx: ctx('alice'), input: { kind: 'text', text: 'replica lag 900s', incidentId: 1, purpose: 'p' } });
  addEvidence({
    ctx: ctx('bob'),
    input: { kind: 'url', url: 'https://grafana.example.com/d/db', incidentId: 1, purpose: 'p' },
  });
});
afterEach(() => t.close());

const cli = (...args: string[]) => runCli(['evidence', ...args, '--db', t.path], env);
const custodyCount = () => t.store.evidence.custodyFor(1).length;
const head = () => t.store.evidence.custodyFor(1).at(-1)?.hash ?? '';

describe('warroom evidence verify', () => {
  it('exits 0 with the custody chain head, then logs a "verified" entry per item (unless --no-record)', () => {
    const before = head();
    const result = cli('verify', 'INC-0001', '--as', 'ann');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `INC-0001: OK — 2 item(s), 2 custody entries; every file matches its SHA-256; custody chain head sha256:${before}`,
        `Logged a "verified" custody entry for EV-1, EV-2; the chain head is now sha256:${head()}`,
      ].join('\n'),
    );
    expect(t.store.evidence.custodyFor(1).at(-1)).toMatchObject({
      action: 'verified',
      actor: expect.stringContaining('operator ann@'),
    });
    expect(cli('verify', 'inc-1', '--no-record', '--expect-head', before)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^INC-0001: OK — 2 item\(s\), 4 custody entries/),
    });
    expect(custodyCount()).toBe(4);
  });

  it('exits 1 naming the item whose file changed', () => {
    const item = t.store.evidence.item(2);
    const path = join(dataDir, 'evidence', item?.storagePath ?? '');
    chmodSync(path, 0o644);
    writeFileSync(path, 'https://grafana.example.com/d/dc');
    const result = cli('verify', 'INC-0001');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^INC-0001: TAMPERED — 1 problem\(s\) in 2 item\(s\), 2 custody entries\n {2}EV-2 \(sha256\/[0-9a-f]{2}\/[0-9a-f]{62}\): stored file changed/,
    );
    expect(custodyCount()).toBe(2);
  });

  it('exits 1 naming the custody entry edited behind the trigger', () => {
    t.database.sqlite.exec('drop trigger custody_entries_no_update');
    t.database.sqlite.prepare("update custody_entries set at = '2026-11-24T08:00:00.000Z' where seq = 2").run();
    const result = cli('verify', 'INC-0001');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  custody entry #2: content does not match its hash (entry was edited)');
  });

  it('a rewrite that recomputes the hashes passes on its own, and fails against a head kept from before', () => {
    const kept = head();
    t.database.sqlite.exec('drop trigger custody_entries_no_update');
    const row = t.store.evidence.custodyFor(1)[1];
    if (!row) throw new Error('no entry #2');
    const forged = { ...row, at: '2026-11-24T08:00:00.000Z' };
    t.database.sqlite
      .prepare('update custody_entries set at = ?, hash = ? where seq = 2')
      .run(forged.at, hashCustodyEntry(forged));
    // Anyone with write access can recompute a bare chain (PLATFORM-FACTS, evidence custody) …
    expect(cli('verify', 'INC-0001', '--no-record').code).toBe(0);
    // … which is why exports and verify print the head: kept elsewhere, it exposes the rewrite.
    const result = cli('verify', 'INC-0001', '--expect-head', kept);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  chain head ${kept}: is not in the custody log: entries were removed or rewritten since it was recorded`,
    );
  });
});

describe('warroom evidence export and pubkey', () => {
  it('writes a bundle whose signature checks against the key `pubkey` prints', () => {
    loadOrCreateSigningKey(dataDir); // what the server's first start does
    const out = join(dataDir, 'exports', 'inc-1');
    const result = cli('export', 'INC-0001', '--out', out, '--purpose', 'handover to legal', '--as', 'ann');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Exported 2 item\\(s\\) of INC-0001 to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n {2}manifest.json sha256:[0-9a-f]{64}\\n {2}custody chain head sha256:${head()}\\n`,
      ),
    );
    expect(t.store.evidence.custodyFor(1).slice(-2)).toEqual([
      expect.objectContaining({
        action: 'exported',
        purpose: 'handover to legal',
        location: expect.stringMatching(new RegExp(`:${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)),
      }),
      expect.objectContaining({ action: 'exported', itemId: 2 }),
    ]);

    const pubkey = cli('pubkey');
    expect(pubkey.code).toBe(0);
    const [pem, fingerprint] = (pubkey.stdout ?? '').split('\nfingerprint ');
    expect(readFileSync(join(out, 'public-key.pem'), 'utf8').trim()).toBe(pem);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).signature.publicKeyFingerprint).toBe(
      fingerprint,
    );
    const signature = readFileSync(join(out, 'manifest.sig.bin'));
    expect(verify(null, readFileSync(join(out, 'manifest.json')), createPublicKey(pem ?? ''), signature)).toBe(true);

    // The same folder again: refused before anything is logged.
    const count = custodyCount();
    expect(cli('export', 'INC-0001', '--out', out)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/is not empty/),
    });
    expect(custodyCount()).toBe(count);
  });

  it('exits 1 rather than sign a tampered vault', () => {
    loadOrCreateSigningKey(dataDir);
    const path = join(dataDir, 'evidence', t.store.evidence.item(1)?.storagePath ?? '');
    rmSync(path);
    const out = join(dataDir, 'never');
    expect(cli('export', 'INC-0001', '--out', out)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /fails verification, so nothing was exported or signed:\n {2}EV-1 .*stored file is missing/,
      ),
    });
    expect(existsSync(out)).toBe(false);
  });

  it('explains a missing key: the server creates it on first start', () => {
    expect(cli('pubkey')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/No evidence signing key at .*keys\/evidence-ed25519\.pem\. Start warroom once/),
    });
    expect(cli('export', 'INC-0001', '--out', join(dataDir, 'x'))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/No evidence signing key/),
    });
  });
});

describe('warroom evidence usage', () => {
  it('explains bad usage with exit 2 and help with exit 0', () => {
    expect(cli()).toMatchObject({ code: 2, stderr: expect.stringMatching(/Which evidence command\?/) });
    expect(cli('frobnicate')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown evidence command "frobnicate"/),
    });
    expect(cli('verify')).toMatchObject({
      code: 2,
      stderr: 'Which incident? Usage: warroom evidence verify <INC-0042>',
    });
    expect(cli('verify', 'INC-0099')).toMatchObject({ code: 2, stderr: expect.stringMatching(/No incident INC-0099/) });
    expect(cli('verify', 'INC-0001', '--frob')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown option '--frob'/),
    });
    expect(cli('verify', 'INC-0001', '--expect-head', 'xyz')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/64 hex characters/),
    });
    expect(cli('pubkey', 'INC-0001')).toMatchObject({ code: 2 });
    expect(runCli(['evidence', 'verify', 'INC-0001', '--db', '/nonexistent/x.db'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/No database at/),
    });
    expect(runCli(['evidence', '--help'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/Exit status: 0 ok, 1 evidence failed verification/),
    });
    expect(runCli(['--help'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/evidence export <INC-0042>/),
    });
  });

  it('runs as a real process with the documented exit status', async () => {
    const argv = ['--import', 'tsx', 'src/cli/run.ts', 'evidence', 'verify', 'INC-0001', '--no-record', '--db', t.path];
    const ok = await run(process.execPath, argv, { env: { ...process.env, DATA_DIR: dataDir } });
    expect(ok.stdout).toMatch(/^INC-0001: OK/);
    rmSync(join(dataDir, 'evidence', t.store.evidence.item(1)?.storagePath ?? ''));
    const failed = await run(process.execPath, argv, { env: { ...process.env, DATA_DIR: dataDir } }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringMatching(/EV-1 .*stored file is missing/) });
  });
});

it('a fresh data folder has no stray files from the CLI', () => {
  const fresh = mkdtempSync(join(tmpdir(), 'warroom-empty-'));
  mkdirSync(join(fresh, 'x'));
  expect(runCli(['evidence', 'pubkey'], { DATA_DIR: fresh }).code).toBe(2);
  expect(existsSync(join(fresh, 'keys'))).toBe(false);
  rmSync(fresh, { recursive: true, force: true });
});
