import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addEvidence } from '../../src/core/evidence/add-evidence.js';
import type { EvidenceVault } from '../../src/core/evidence/evidence-vault.js';
import { verifyEvidence } from '../../src/core/evidence/verify-evidence.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { verifyTimelineChain } from '../../src/core/timeline/verify-timeline-chain.js';
import { openEvidenceVault } from '../../src/infra/evidence/open-evidence-vault.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
let dataDir: string;
let vault: EvidenceVault;
beforeEach(() => {
  t = openTestStore();
  dataDir = mkdtempSync(join(tmpdir(), 'warroom-vault-'));
  vault = openEvidenceVault(dataDir, 'Europe/Berlin');
  declareIncident({ ctx: ctx('alice'), input: { title: 'db down' } });
});
afterEach(() => {
  t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ctx = (user: string) => t.ctx(user, { evidence: vault });
const operator = { type: 'system' as const, reason: 'operator ann@host (warroom evidence verify)' };
const opCtx = () => t.ctx(operator);
const addText = (text: string, user = 'alice', incidentId = 1) =>
  addEvidence({
    ctx: ctx(user),
    input: { kind: 'text', text, incidentId, purpose: 'added with /incident evidence add' },
  });
const vaultFile = (sha256: string) => join(dataDir, 'evidence', 'sha256', sha256.slice(0, 2), sha256.slice(2));
const custody = () => t.store.evidence.custodyFor(1);
/** Someone with write access to the data directory edits a stored file (it is read-only, so they chmod it first). */
function flipFirstByte(sha256: string): void {
  const path = vaultFile(sha256);
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  writeFileSync(path, bytes);
}

describe('adding evidence', () => {
  it('stores text content-addressed, with a "collected" custody entry and an evidence.added timeline entry', () => {
    const { item, duplicate } = addText('ps aux on web-7 shows /tmp/.x/miner');
    expect(duplicate).toBe(false);
    expect(item).toMatchObject({
      id: 1,
      incidentId: 1,
      kind: 'text',
      mediaType: 'text/plain; charset=utf-8',
      size: 35,
      description: 'ps aux on web-7 shows /tmp/.x/miner',
      source: '{}',
      collectedBy: '{"type":"sandbox","userId":"alice"}',
      collectedAt: '2026-11-24T09:00:00.000Z',
      tz: 'Europe/Berlin',
    });
    expect(item.storagePath).toBe(`sha256/${item.sha256.slice(0, 2)}/${item.sha256.slice(2)}`);
    expect(readFileSync(vaultFile(item.sha256), 'utf8')).toBe('ps aux on web-7 shows /tmp/.x/miner');
    expect(custody()).toEqual([
      expect.objectContaining({
        seq: 1,
        itemId: 1,
        action: 'collected',
        actor: '{"type":"sandbox","userId":"alice"}',
        at: '2026-11-24T09:00:00.000Z',
        tz: 'Europe/Berlin',
        purpose: 'added with /incident evidence add',
        location: expect.stringMatching(
          new RegExp(`:${vaultFile(item.sha256).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
        ),
        prevHash: '0'.repeat(64),
      }),
    ]);
    const entry = t.store.timeline.last(1);
    expect(entry?.kind).toBe('evidence.added');
    expect(JSON.parse(entry?.payload ?? '{}')).toEqual({
      itemId: 1,
      sha256: item.sha256,
      kind: 'text',
      description: 'ps aux on web-7 shows /tmp/.x/miner',
    });
    expect(verifyTimelineChain(t.store.timeline.forIncident(1)).ok).toBe(true);
    // Posted to the war room like a note.
    expect(t.store.outbox.byKey(`inc1.t${entry?.seq}.post`)).not.toBeNull();
  });

  it('stores a URL as the URL string only, with the identifiers of its source', () => {
    const { item } = addEvidence({
      ctx: ctx('bob'),
      input: {
        kind: 'url',
        url: 'https://grafana.example.com/d/abc?from=now-1h&to=now',
        description: 'CPU dashboard',
        source: { host: 'web-7', ip: '10.0.3.4', serial: 'SN-123' },
        incidentId: 1,
        purpose: 'p',
      },
    });
    expect(item).toMatchObject({ kind: 'url', mediaType: 'text/uri-list', description: 'CPU dashboard' });
    expect(JSON.parse(item.source)).toEqual({
      host: 'web-7',
      ip: '10.0.3.4',
      serial: 'SN-123',
      url: 'https://grafana.example.com/d/abc?from=now-1h&to=now',
    });
    expect(readFileSync(vaultFile(item.sha256), 'utf8')).toBe('https://grafana.example.com/d/abc?from=now-1h&to=now');
  });

  it('keeps identical content once: the same incident gets the existing item, another incident shares the file', () => {
    const first = addText('same bytes');
    const again = addText('same bytes', 'bob');
    expect(again).toEqual({ item: first.item, duplicate: true });
    expect(t.store.evidence.itemsFor(1)).toHaveLength(1);
    expect(custody()).toHaveLength(1);
    expect(t.store.timeline.forIncident(1).filter((e) => e.kind === 'evidence.added')).toHaveLength(1);
    declareIncident({ ctx: ctx('alice'), input: { title: 'other' } });
    const other = addText('same bytes', 'alice', 2);
    expect(other.duplicate).toBe(false);
    expect(other.item).toMatchObject({ incidentId: 2, sha256: first.item.sha256, storagePath: first.item.storagePath });
  });

  it('rejects what it cannot vouch for, saying what to type instead', () => {
    expect(() =>
      addEvidence({
        ctx: ctx('alice'),
        input: { kind: 'text', text: 'x', source: { ip: '999.1.1.1' }, incidentId: 1, purpose: 'p' },
      }),
    ).toThrow(/ip must be an IPv4 or IPv6 address\. Identifiers go first: `\/incident evidence add host=web-7/);
    expect(() =>
      addEvidence({
        ctx: ctx('alice'),
        input: { kind: 'url', url: 'ftp://x.example.com/a', incidentId: 1, purpose: 'p' },
      }),
    ).toThrow(/not an http\(s\) URL/);
    expect(() =>
      addEvidence({ ctx: ctx('alice'), input: { kind: 'text', text: '   ', incidentId: 1, purpose: 'p' } }),
    ).toThrow(/Write the evidence after the command/);
    expect(() =>
      addEvidence({
        ctx: ctx('alice'),
        input: { kind: 'file', bytes: new Uint8Array(0), incidentId: 1, purpose: 'p' },
      }),
    ).toThrow(/the file is empty/);
    expect(() =>
      addEvidence({
        ctx: t.ctx({ type: 'alert', source: 'wazuh' }, { evidence: vault }),
        input: { kind: 'text', text: 'x', incidentId: 1, purpose: 'p' },
      }),
    ).toThrow(/Only a person/);
    expect(() =>
      addEvidence({ ctx: t.ctx('alice'), input: { kind: 'text', text: 'x', incidentId: 1, purpose: 'p' } }),
    ).toThrow(/evidence vault is not available/);
    expect(() => addText('x', 'alice', 99)).toThrow(/No incident with id 99/);
    expect(t.store.evidence.itemsFor(1)).toEqual([]);
  });

  it('the database refuses to edit or delete items and custody entries', () => {
    addText('keep me');
    const db = t.database.sqlite;
    expect(() => db.prepare("update evidence_items set description = 'x'").run()).toThrow(
      /evidence_items is append-only/,
    );
    expect(() => db.prepare('delete from evidence_items').run()).toThrow(/evidence_items is append-only/);
    expect(() => db.prepare("update custody_entries set purpose = 'x'").run()).toThrow(
      /custody_entries is append-only/,
    );
    expect(() => db.prepare('delete from custody_entries').run()).toThrow(/custody_entries is append-only/);
  });
});

describe('verifying the vault', () => {
  beforeEach(() => {
    addText('first');
    t.clock.advance(60_000);
    addEvidence({
      ctx: ctx('bob'),
      input: {
        kind: 'file',
        bytes: Buffer.from([0, 1, 2, 3, 255]),
        mediaType: 'application/vnd.tcpdump.pcap',
        source: { fileName: 'x.pcap' },
        incidentId: 1,
        purpose: 'shared in the war room',
      },
    });
  });

  it('passes an intact vault, reports the head, then logs a "verified" entry per item after it', () => {
    const head = custody().at(-1)?.hash;
    const { verdict, recorded } = verifyEvidence({ ctx: opCtx(), vault, input: { incidentId: 1 } });
    expect(verdict).toMatchObject({ ok: true, custodyEntries: 2, headHash: head, problems: [] });
    expect(recorded.map((e) => [e.seq, e.itemId, e.action, e.purpose, e.tz])).toEqual([
      [3, 1, 'verified', 'integrity check', 'Europe/Berlin'],
      [4, 2, 'verified', 'integrity check', 'Europe/Berlin'],
    ]);
    expect(JSON.parse(recorded[0]?.actor ?? '{}')).toEqual(operator);
    // The new entries extend the chain; verifying again passes and proves the earlier head is still in it.
    expect(
      verifyEvidence({ ctx: opCtx(), vault, input: { incidentId: 1, expectHead: `sha256:${head}`, record: false } }),
    ).toMatchObject({ verdict: { ok: true, custodyEntries: 4 }, recorded: [] });
  });

  it('names the item whose stored file changed by one byte, and logs nothing', () => {
    const pcap = t.store.evidence.item(2);
    flipFirstByte(pcap?.sha256 ?? '');
    const { verdict, recorded } = verifyEvidence({ ctx: opCtx(), vault, input: { incidentId: 1 } });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([
      {
        subject: 'item',
        id: 2,
        label: `EV-2 (${pcap?.storagePath})`,
        problem: expect.stringMatching(/^stored file changed: its sha256 is now [0-9a-f]{64}, recorded [0-9a-f]{64}$/),
      },
    ]);
    expect(recorded).toEqual([]);
    expect(custody()).toHaveLength(2);
  });

  it('names an item whose file is gone', () => {
    rmSync(vaultFile(t.store.evidence.item(1)?.sha256 ?? ''));
    expect(verifyEvidence({ ctx: opCtx(), vault, input: { incidentId: 1 } }).verdict.problems).toEqual([
      expect.objectContaining({ id: 1, problem: 'stored file is missing' }),
    ]);
  });

  it('names the custody entry edited behind the trigger', () => {
    t.database.sqlite.exec('drop trigger custody_entries_no_update');
    t.database.sqlite
      .prepare('update custody_entries set actor = \'{"type":"sandbox","userId":"mallory"}\' where seq = 2')
      .run();
    expect(verifyEvidence({ ctx: opCtx(), vault, input: { incidentId: 1 } }).verdict.problems).toEqual([
      {
        subject: 'custody',
        id: 2,
        label: 'custody entry #2',
        problem: 'content does not match its hash (entry was edited)',
      },
    ]);
  });

  it('catches an item record edited behind the trigger, even with its file swapped to match', () => {
    t.database.sqlite.exec('drop trigger evidence_items_no_update');
    t.database.sqlite
      .prepare('update evidence_items set collected_by = \'{"type":"sandbox","userId":"mallory"}\' where id = 1')
      .run();
    expect(verifyEvidence({ ctx: opCtx(), vault, input: { incidentId: 1 } }).verdict.problems).toEqual([
      expect.objectContaining({
        subject: 'item',
        id: 1,
        problem: 'record was edited: it no longer matches custody entry #1',
      }),
    ]);
  });

  it('detects the newest custody entries being cut off, against a head kept from before', () => {
    const kept = custody().at(-1)?.hash ?? '';
    t.database.sqlite.exec('drop trigger custody_entries_no_delete');
    t.database.sqlite.prepare('delete from custody_entries where seq = 2').run();
    // The remaining chain is self-consistent (apart from the item that lost its custody) …
    const problems = verifyEvidence({ ctx: opCtx(), vault, input: { incidentId: 1, expectHead: kept } }).verdict
      .problems;
    expect(problems).toContainEqual(
      expect.objectContaining({
        subject: 'item',
        id: 2,
        problem: 'has no custody entry (it was added outside warroom)',
      }),
    );
    // … and the kept head is what proves the cut.
    expect(problems).toContainEqual(
      expect.objectContaining({ subject: 'head', problem: expect.stringMatching(/not in the custody log/) }),
    );
  });

  it('rejects a malformed expected head', () => {
    expect(() => verifyEvidence({ ctx: opCtx(), vault, input: { incidentId: 1, expectHead: 'abc' } })).toThrow(
      /64 hex characters/,
    );
  });

  it('stores files read-only, with no temporary files left beside them', () => {
    const file = vaultFile(t.store.evidence.item(1)?.sha256 ?? '');
    expect(statSync(file).mode & 0o777).toBe(0o440);
    expect(readdirSync(join(file, '..'))).toEqual([basename(file)]);
  });
});
