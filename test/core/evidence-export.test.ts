import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addEvidence } from '../../src/core/evidence/add-evidence.js';
import type { EvidenceVault } from '../../src/core/evidence/evidence-vault.js';
import { exportEvidence, type ExportEvidenceInput } from '../../src/core/evidence/export-evidence.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { canonicalJson, GENESIS_HASH } from '../../src/core/hash-chain.js';
import { openEvidenceVault } from '../../src/infra/evidence/open-evidence-vault.js';
import { loadOrCreateSigningKey, loadSigningKey, type SigningKey } from '../../src/infra/evidence/signing-key.js';
import { checkBundleDestination, writeEvidenceBundle } from '../../src/infra/evidence/write-evidence-bundle.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
let dataDir: string;
let vault: EvidenceVault;
let key: SigningKey;
beforeEach(() => {
  t = openTestStore();
  dataDir = mkdtempSync(join(tmpdir(), 'warroom-export-'));
  vault = openEvidenceVault(dataDir, 'UTC');
  key = loadOrCreateSigningKey(dataDir);
  declareIncident({ ctx: t.ctx('alice'), input: { title: 'Ransom note on fin-ws-12' } });
  const ctx = t.ctx('alice', { evidence: vault });
  addEvidence({
    ctx,
    input: {
      kind: 'text',
      text: 'note found in C:\\Users\\Public',
      source: { host: 'fin-ws-12' },
      incidentId: 1,
      purpose: 'added with /incident evidence add',
    },
  });
  t.clock.advance(5 * 60_000);
  addEvidence({
    ctx: t.ctx('bob', { evidence: vault }),
    input: {
      kind: 'file',
      bytes: Buffer.from('PK\u0003\u0004 zipped logs'),
      mediaType: 'application/zip',
      source: { chatFileId: 'F0001', fileName: 'logs.zip' },
      incidentId: 1,
      purpose: 'shared in the war room',
    },
  });
  t.clock.advance(60 * 60_000);
});
afterEach(() => {
  t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const operator = { type: 'system' as const, reason: 'operator ann@forensics-1 (warroom evidence export)' };
const input = (over: Partial<ExportEvidenceInput> = {}): ExportEvidenceInput => ({
  incidentId: 1,
  location: 'forensics-1:/exports/inc-1',
  generator: { name: 'warroom', version: '0.1.0' },
  ...over,
});
function exportTo(dir: string) {
  const exported = exportEvidence({ ctx: t.ctx(operator), vault, signer: key.signer, input: input() });
  writeEvidenceBundle(dir, exported, vault.contents, t.clock.now().toISOString());
  return exported;
}
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
/** What an auditor does with only the bundle: public-key.pem, manifest.json and manifest.sig. */
function signatureHolds(dir: string): boolean {
  const publicKey = createPublicKey(readFileSync(join(dir, 'public-key.pem')));
  const signature = Buffer.from(readFileSync(join(dir, 'manifest.sig'), 'utf8').trim(), 'base64');
  return verify(null, readFileSync(join(dir, 'manifest.json')), publicKey, signature);
}

describe('evidence export', () => {
  it('writes the files, a manifest of hashes with the custody log and chain heads, its signature and the public key', () => {
    const dir = join(dataDir, 'out', 'bundle');
    const exported = exportTo(dir);
    const items = t.store.evidence.itemsFor(1);
    expect(readdirSync(dir).sort()).toEqual([
      'VERIFY.md',
      'files',
      'manifest.json',
      'manifest.sig',
      'manifest.sig.bin',
      'public-key.pem',
    ]);
    expect(readdirSync(join(dir, 'files')).sort()).toEqual(items.map((i) => i.sha256).sort());
    for (const item of items) expect(sha256(readFileSync(join(dir, 'files', item.sha256)))).toBe(item.sha256);

    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'warroom-evidence-bundle/1',
      generator: { name: 'warroom', version: '0.1.0' },
      generatedAt: '2026-11-24T10:05:00.000Z',
      generatedBy: operator,
      timeZone: 'UTC',
      incident: { id: 1, ref: 'INC-0001', title: 'Ransom note on fin-ws-12' },
      signature: { algorithm: 'Ed25519', publicKeyFingerprint: key.signer.fingerprint },
    });
    expect(manifest.items).toEqual([
      expect.objectContaining({
        label: 'EV-1',
        kind: 'text',
        file: `files/${items[0]?.sha256}`,
        sha256: items[0]?.sha256,
        source: { host: 'fin-ws-12' },
        collectedBy: { type: 'sandbox', userId: 'alice' },
      }),
      expect.objectContaining({
        label: 'EV-2',
        kind: 'file',
        mediaType: 'application/zip',
        size: 16,
        source: { chatFileId: 'F0001', fileName: 'logs.zip' },
        collectedAt: '2026-11-24T09:05:00.000Z',
        tz: 'UTC',
      }),
    ]);
    // Each item was logged as exported, to where and why, and the manifest carries those entries and the new head.
    const log = t.store.evidence.custodyFor(1);
    expect(log.map((e) => `${e.seq} EV-${e.itemId} ${e.action}`)).toEqual([
      '1 EV-1 collected',
      '2 EV-2 collected',
      '3 EV-1 exported',
      '4 EV-2 exported',
    ]);
    expect(log[2]).toMatchObject({
      location: 'forensics-1:/exports/inc-1',
      purpose: 'export for audit',
      at: '2026-11-24T10:05:00.000Z',
    });
    expect(manifest.custody.head).toBe(log.at(-1)?.hash);
    expect(exported.custodyHead).toBe(log.at(-1)?.hash);
    expect(manifest.custody.entries).toHaveLength(4);
    expect(manifest.timeline).toEqual({
      entries: t.store.timeline.forIncident(1).length,
      head: t.store.timeline.last(1)?.hash,
    });

    expect(readFileSync(join(dir, 'public-key.pem'), 'utf8')).toBe(key.signer.publicKeyPem);
    expect(readFileSync(join(dir, 'manifest.sig.bin'))).toEqual(
      Buffer.from(readFileSync(join(dir, 'manifest.sig'), 'utf8').trim(), 'base64'),
    );
    expect(readFileSync(join(dir, 'VERIFY.md'), 'utf8')).toContain(
      'openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig.bin',
    );
  });

  it('signs so that only public-key.pem is needed to check it, and one changed byte of manifest.json fails', () => {
    const dir = join(dataDir, 'bundle');
    exportTo(dir);
    expect(signatureHolds(dir)).toBe(true);
    const bytes = readFileSync(join(dir, 'manifest.json'));
    const at = bytes.indexOf('fin-ws-12');
    bytes[at] = 'F'.charCodeAt(0);
    writeFileSync(join(dir, 'manifest.json'), bytes);
    expect(signatureHolds(dir)).toBe(false);
  });

  it('lets an auditor recompute every record digest and the custody chain from manifest.json alone (as VERIFY.md says)', () => {
    const dir = join(dataDir, 'bundle');
    exportTo(dir);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const digests = new Map<number, string>();
    for (const item of m.items) {
      const { label: _l, file: _f, recordDigest, ...rest } = item;
      const record = {
        ...rest,
        incidentId: m.incident.id,
        collectedBy: canonicalJson(item.collectedBy),
        source: canonicalJson(item.source),
      };
      expect(sha256(canonicalJson(record))).toBe(recordDigest);
      digests.set(item.id, recordDigest);
    }
    let prev = m.custody.genesis;
    expect(prev).toBe(GENESIS_HASH);
    for (const e of m.custody.entries) {
      expect(e.prevHash).toBe(prev);
      expect(e.itemDigest).toBe(digests.get(e.itemId));
      const { hash, prevHash, ...content } = e;
      const recomputed = createHash('sha256')
        .update(canonicalJson({ ...content, incidentId: m.incident.id, actor: canonicalJson(e.actor) }))
        .update('\n')
        .update(prevHash)
        .digest('hex');
      expect(recomputed).toBe(hash);
      prev = hash;
    }
    expect(prev).toBe(m.custody.head);
  });

  it('checks with openssl exactly as VERIFY.md tells the auditor', (ctx) => {
    if (spawnSync('openssl', ['version']).status !== 0) return ctx.skip();
    const dir = join(dataDir, 'bundle');
    exportTo(dir);
    const verifyCmd = [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'public-key.pem',
      '-rawin',
      '-in',
      'manifest.json',
      '-sigfile',
      'manifest.sig.bin',
    ];
    expect(execFileSync('openssl', verifyCmd, { cwd: dir, encoding: 'utf8' })).toMatch(
      /Signature Verified Successfully/,
    );
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', 'public-key.pem', '-outform', 'DER'], { cwd: dir });
    expect(`sha256:${sha256(der)}`).toBe(key.signer.fingerprint);
    writeFileSync(join(dir, 'manifest.json'), readFileSync(join(dir, 'manifest.json'), 'utf8').replace('EV-1', 'EV-7'));
    expect(spawnSync('openssl', verifyCmd, { cwd: dir, encoding: 'utf8' }).status).not.toBe(0);
  });

  it('refuses to sign a tampered vault and records nothing', () => {
    const item = t.store.evidence.item(2);
    const path = join(dataDir, 'evidence', item?.storagePath ?? '');
    chmodSync(path, 0o644);
    writeFileSync(path, 'PK\u0003\u0004 zipped logz');
    expect(() => exportEvidence({ ctx: t.ctx(operator), vault, signer: key.signer, input: input() })).toThrow(
      /INC-0001 evidence fails verification, so nothing was exported or signed:\n {2}EV-2 \(sha256\/.+\): stored file changed/,
    );
    expect(t.store.evidence.custodyFor(1)).toHaveLength(2);
  });

  it('refuses an incident without evidence, and a destination that is not empty', () => {
    declareIncident({ ctx: t.ctx('alice'), input: { title: 'quiet' } });
    expect(() =>
      exportEvidence({ ctx: t.ctx(operator), vault, signer: key.signer, input: input({ incidentId: 2 }) }),
    ).toThrow(/INC-0002 has no evidence yet/);
    const dir = join(dataDir, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(checkBundleDestination(dir)).toMatch(/is not empty\. Give a new or empty folder with --out <dir>/);
    const exported = exportEvidence({ ctx: t.ctx(operator), vault, signer: key.signer, input: input() });
    expect(() => writeEvidenceBundle(dir, exported, vault.contents, 'now')).toThrow(/is not empty/);
    expect(readdirSync(dataDir).filter((n) => n.includes('.partial-'))).toEqual([]);
  });
});

describe('the signing key', () => {
  it('is created once, private key mode 0600, and loaded the same afterwards', () => {
    const again = loadOrCreateSigningKey(dataDir);
    expect(key.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.signer.fingerprint).toBe(key.signer.fingerprint);
    expect(loadSigningKey(dataDir)?.signer.publicKeyPem).toBe(key.signer.publicKeyPem);
    expect(readFileSync(key.publicKeyPath, 'utf8')).toBe(key.signer.publicKeyPem);
    expect(key.signer.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.warnings).toEqual([]);
    expect(readFileSync(key.privateKeyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    chmodSync(key.privateKeyPath, 0o644);
    expect(loadOrCreateSigningKey(dataDir).warnings).toEqual([
      expect.stringMatching(/readable by others \(mode 644\); run chmod 600/),
    ]);
    expect(loadSigningKey(mkdtempSync(join(tmpdir(), 'warroom-nokey-')))).toBeNull();
  });
});
