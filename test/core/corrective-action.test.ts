import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addEvidence } from '../../src/core/evidence/add-evidence.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { addCorrectiveAction, type AddCorrectiveActionInput } from '../../src/core/postmortem/add-corrective-action.js';
import { completeCorrectiveAction } from '../../src/core/postmortem/complete-corrective-action.js';
import { startPostmortem } from '../../src/core/postmortem/start-postmortem.js';
import { verifyCorrectiveAction } from '../../src/core/postmortem/verify-corrective-action.js';
import { openEvidenceVault } from '../../src/infra/evidence/open-evidence-vault.js';
import { openTestStore, type TestStore } from '../support/test-store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let t: TestStore;
let incidentId: number;
beforeEach(() => {
  t = openTestStore();
  const incident = declareIncident({ ctx: t.ctx('alice'), input: { title: 'Checkout down', severity: 'sev2' } });
  incidentId = incident.id;
  changeStatus({ ctx: t.ctx('alice'), input: { incidentId, status: 'resolved' } });
  startPostmortem({ ctx: t.ctx('alice'), input: { incidentId } });
});
afterEach(() => t.close());

const input = (over: Partial<AddCorrectiveActionInput> = {}): AddCorrectiveActionInput => ({
  incidentId,
  title: 'Alert on connection pool saturation',
  ownerId: 'bob',
  dueDate: '2026-12-15',
  kind: 'detect',
  verification: 'the alert fires in staging when the pool is at 90%',
  links: [
    { kind: 'rule', ref: 'pool-saturation' },
    { kind: 'service', ref: 'checkout' },
  ],
  ...over,
});
const payloadOf = (kind: string) =>
  JSON.parse(t.store.timeline.forIncident(incidentId).find((e) => e.kind === kind)?.payload ?? '{}') as unknown;

describe('corrective actions', () => {
  it('adds A1, A2… with owner, due date, kind, verification criterion and what they change', () => {
    const a1 = addCorrectiveAction({ ctx: t.ctx('carol'), input: input() });
    const a2 = addCorrectiveAction({
      ctx: t.ctx('carol'),
      input: input({
        title: 'Canary config changes',
        kind: 'prevent',
        links: [{ kind: 'playbook', ref: 'service-outage' }],
      }),
    });
    expect(a1).toMatchObject({ number: 1, status: 'open', ownerId: 'bob', createdBy: 'carol', dueDate: '2026-12-15' });
    expect(a2.number).toBe(2);
    expect(payloadOf('corrective_action.added')).toEqual({
      number: 1,
      title: 'Alert on connection pool saturation',
      owner: 'bob',
      due: '2026-12-15',
      kind: 'detect',
      verification: 'the alert fires in staging when the pool is at 90%',
      links: [
        { kind: 'rule', ref: 'pool-saturation' },
        { kind: 'service', ref: 'checkout' },
      ],
    });
  });

  it('rejects a missing owner, a bad or past due date, an unknown kind and a missing criterion, naming each', () => {
    expect(() => addCorrectiveAction({ ctx: t.ctx('carol'), input: input({ ownerId: '', verification: '' }) })).toThrow(
      /^Missing or invalid: owner:@user, verify:"…" \(what infrastructure or detection change proves it done, 5–500 characters\)\. Usage: `\/incident action add/,
    );
    expect(() => addCorrectiveAction({ ctx: t.ctx('carol'), input: input({ dueDate: '2026-02-30' }) })).toThrow(
      /due:YYYY-MM-DD \(a real date\)/,
    );
    expect(() => addCorrectiveAction({ ctx: t.ctx('carol'), input: input({ kind: 'pray' }) })).toThrow(
      /kind:prevent\|detect\|mitigate\|process/,
    );
    expect(() => addCorrectiveAction({ ctx: t.ctx('carol'), input: input({ dueDate: '2026-11-23' }) })).toThrow(
      'The due date 2026-11-23 is in the past (today is 2026-11-24 in UTC). Pick a date from today on.',
    );
    // Today counts in the configured zone: 12:00 UTC is already 01:00 on the 25th in Auckland.
    t.clock.set('2026-11-24T12:00:00.000Z');
    expect(() =>
      addCorrectiveAction({
        ctx: t.ctx('carol', { timeZone: 'Pacific/Auckland' }),
        input: input({ dueDate: '2026-11-24' }),
      }),
    ).toThrow(/today is 2026-11-25 in Pacific\/Auckland/);
    expect(t.store.postmortems.actions(1)).toEqual([]);
  });

  it("is done only with a link or this incident's evidence, by its owner or the lead", () => {
    addCorrectiveAction({ ctx: t.ctx('carol'), input: input() });
    expect(() =>
      completeCorrectiveAction({
        ctx: t.ctx('bob'),
        input: { incidentId, number: 1, evidence: 'trust me, it is done' },
      }),
    ).toThrow(
      'A1 is done only with proof: a link or an evidence id. `/incident action done A1 https://git.example.com/infra/pull/42` or `/incident action done A1 EV-3`.',
    );
    expect(() =>
      completeCorrectiveAction({ ctx: t.ctx('bob'), input: { incidentId, number: 1, evidence: 'EV-99' } }),
    ).toThrow('EV-99 is not in the INC-0001 evidence vault. `/incident evidence list` shows what is.');
    expect(() =>
      completeCorrectiveAction({
        ctx: t.ctx('carol'),
        input: { incidentId, number: 1, evidence: 'https://git.example.com/infra/pull/42' },
      }),
    ).toThrow('A1 belongs to its owner; they (or the incident lead) mark it done.');
    expect(() =>
      completeCorrectiveAction({ ctx: t.ctx('bob'), input: { incidentId, number: 7, evidence: 'https://x.example' } }),
    ).toThrow('INC-0001 has no corrective action A7. `/incident action list` shows them.');
    const done = completeCorrectiveAction({
      ctx: t.ctx('bob'),
      input: { incidentId, number: 1, evidence: 'https://git.example.com/infra/pull/42 merged' },
    });
    expect(done).toMatchObject({
      status: 'done',
      doneBy: 'bob',
      evidence: 'https://git.example.com/infra/pull/42 merged',
    });
    expect(payloadOf('corrective_action.done')).toEqual({
      number: 1,
      title: 'Alert on connection pool saturation',
      evidence: 'https://git.example.com/infra/pull/42 merged',
    });
    expect(() =>
      completeCorrectiveAction({ ctx: t.ctx('bob'), input: { incidentId, number: 1, evidence: 'https://x.example' } }),
    ).toThrow('A1 is already done.');
  });

  it('accepts an evidence-vault item of the incident as proof', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-vault-'));
    try {
      const vault = openEvidenceVault(dir, 'UTC');
      const { item } = addEvidence({
        ctx: t.ctx('bob', { evidence: vault }),
        input: { incidentId, kind: 'text', text: 'staging alert screenshot text', source: {}, purpose: 'proof' },
      });
      addCorrectiveAction({ ctx: t.ctx('carol'), input: input() });
      const done = completeCorrectiveAction({
        ctx: t.ctx('alice'),
        input: { incidentId, number: 1, evidence: `EV-${item.id}` },
      });
      expect(done).toMatchObject({ status: 'done', doneBy: 'alice' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is verified only by someone other than its owner, and only once done', () => {
    addCorrectiveAction({ ctx: t.ctx('carol'), input: input() });
    expect(() => verifyCorrectiveAction({ ctx: t.ctx('carol'), input: { incidentId, number: 1 } })).toThrow(
      'A1 is not done yet. Its owner marks it done with proof first: `/incident action done A1 <link or EV-id>`.',
    );
    completeCorrectiveAction({
      ctx: t.ctx('bob'),
      input: { incidentId, number: 1, evidence: 'https://git.example.com/infra/pull/42' },
    });
    expect(() => verifyCorrectiveAction({ ctx: t.ctx('bob'), input: { incidentId, number: 1 } })).toThrow(
      'You own A1, so someone else verifies it (against: "the alert fires in staging when the pool is at 90%"). Ask a teammate to run `/incident action verify A1`.',
    );
    expect(t.store.postmortems.action(1, 1)?.status).toBe('done');
    t.clock.advance(3600_000);
    const verified = verifyCorrectiveAction({ ctx: t.ctx('carol'), input: { incidentId, number: 1 } });
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: 'carol', verifiedAt: '2026-11-24T10:00:00.000Z' });
    expect(payloadOf('corrective_action.verified')).toEqual({
      number: 1,
      title: 'Alert on connection pool saturation',
      owner: 'bob',
    });
    expect(() => verifyCorrectiveAction({ ctx: t.ctx('dave'), input: { incidentId, number: 1 } })).toThrow(
      'A1 is already verified.',
    );
  });

  it('needs a postmortem to hang on', () => {
    const other = declareIncident({ ctx: t.ctx('alice'), input: { title: 'Other' } });
    expect(() => addCorrectiveAction({ ctx: t.ctx('carol'), input: input({ incidentId: other.id }) })).toThrow(
      /INC-0002 has no postmortem yet/,
    );
  });
});
