import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionExecutor } from '../../src/core/approval/approval.js';
import { approveAction, requestStepAction } from '../../src/core/approval/request-action.js';
import type { CoreSettings } from '../../src/core/context.js';
import type { EvidenceVault } from '../../src/core/evidence/evidence-vault.js';
import { verifyEvidence } from '../../src/core/evidence/verify-evidence.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { Playbook } from '../../src/core/playbook/playbook-schema.js';
import { assignRole } from '../../src/core/roles/assign-role.js';
import { startActionRunner } from '../../src/executors/action-runner.js';
import { dryRunExecutor } from '../../src/executors/dry-run-executor.js';
import { openEvidenceVault } from '../../src/infra/evidence/open-evidence-vault.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const playbook = Playbook.parse({
  id: 'host-ransomware',
  title: 'Ransomware on a host',
  version: 1,
  description: 'test',
  roles: ['lead', 'security', 'ops'],
  triggers: [{ title_contains: ['ransom'] }],
  stages: [
    {
      id: 'containment',
      title: 'Containment',
      steps: [
        {
          id: 'isolate',
          title: 'Isolate the host',
          type: 'action',
          action: 'isolate_host',
          params: { host: 'fin-ws-12', ip: '10.20.0.12', ticket: '{{incident.ref}}' },
          owner: 'ops',
          approver: 'security',
        },
      ],
    },
  ],
});

let t: TestStore;
let dataDir: string;
let vault: EvidenceVault;
let settings: Partial<CoreSettings>;
beforeEach(() => {
  t = openTestStore();
  dataDir = mkdtempSync(join(tmpdir(), 'warroom-actions-'));
  vault = openEvidenceVault(dataDir, 'UTC');
  settings = { playbooks: [playbook], evidence: vault };
});
afterEach(() => {
  t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ctx = (user: string) => t.ctx(user, settings);
const runnerActor = { type: 'system' as const, reason: 'action runner' };

/** Declares, has ops request and security approve the isolation, and lets the runner execute it. */
async function runIsolation(executor: ActionExecutor, status: 'executed' | 'failed') {
  const incident = declareIncident({ ctx: ctx('alice'), input: { title: 'Ransom note on fin-ws-12' } });
  const run = t.store.playbooks.runsFor(incident.id)[0];
  assignRole({ ctx: ctx('alice'), input: { incidentId: incident.id, role: 'ops', userId: 'bob' } });
  assignRole({ ctx: ctx('alice'), input: { incidentId: incident.id, role: 'security', userId: 'carol' } });
  const approval = requestStepAction({ ctx: ctx('bob'), input: { runId: run?.id ?? 0, stepId: 'isolate' } });
  approveAction({ ctx: ctx('carol'), input: { approvalId: approval.id } });
  const runner = startActionRunner({
    ctx: t.ctx(runnerActor, settings),
    executor,
    logger: pino({ level: 'silent' }),
    onRecorded: () => undefined,
    pollMs: 20,
  });
  await expect.poll(() => t.store.approvals.byId(approval.id)?.status).toBe(status);
  await runner.stop();
  return { incident, approval };
}

describe('action results as evidence', () => {
  it('keeps what the executor reported as an action-result item, collected by the system, in the custody chain', async () => {
    const { incident, approval } = await runIsolation(dryRunExecutor, 'executed');
    const [item, ...others] = t.store.evidence.itemsFor(incident.id);
    expect(others).toEqual([]);
    expect(item).toMatchObject({
      kind: 'action-result',
      mediaType: 'application/json',
      description: `Result of isolate_host via dry-run (approval #${approval.id})`,
      collectedBy: '{"reason":"action runner","type":"system"}',
    });
    expect(JSON.parse(item?.source ?? '{}')).toEqual({
      approvalId: approval.id,
      action: 'isolate_host',
      executor: 'dry-run',
      host: 'fin-ws-12',
      ip: '10.20.0.12',
    });
    const stored = JSON.parse(readFileSync(join(dataDir, 'evidence', item?.storagePath ?? ''), 'utf8'));
    expect(stored).toEqual({
      incident: 'INC-0001',
      approvalId: approval.id,
      action: 'isolate_host',
      params: { host: 'fin-ws-12', ip: '10.20.0.12', ticket: 'INC-0001' },
      requestedBy: 'bob',
      approvedBy: 'carol',
      executor: 'dry-run',
      ok: true,
      detail: {
        dryRun: true,
        wouldRun: 'isolate_host',
        params: { host: 'fin-ws-12', ip: '10.20.0.12', ticket: 'INC-0001' },
        incident: 'INC-0001',
      },
      finishedAt: '2026-11-24T09:00:00.000Z',
    });
    expect(t.store.evidence.custodyFor(incident.id)).toEqual([
      expect.objectContaining({
        seq: 1,
        itemId: item?.id,
        action: 'collected',
        actor: '{"reason":"action runner","type":"system"}',
        purpose: `result of isolate_host (approval #${approval.id})`,
      }),
    ]);
    // The timeline shows the run, then the evidence it left; only the run is posted to the war room.
    const kinds = t.store.timeline.forIncident(incident.id).map((e) => e.kind);
    expect(kinds.slice(kinds.indexOf('action.executed'), kinds.indexOf('action.executed') + 2)).toEqual([
      'action.executed',
      'evidence.added',
    ]);
    const added = t.store.timeline.forIncident(incident.id).find((e) => e.kind === 'evidence.added');
    expect(t.store.outbox.byKey(`inc${incident.id}.t${added?.seq}.post`)).toBeNull();
    expect(
      verifyEvidence({ ctx: t.ctx(runnerActor), vault, input: { incidentId: incident.id, record: false } }).verdict.ok,
    ).toBe(true);
  });

  it('keeps a failed run too', async () => {
    const failing: ActionExecutor = {
      name: 'edr',
      execute: async () => Promise.reject(new Error('EDR API timeout after 10 s')),
    };
    const { incident, approval } = await runIsolation(failing, 'failed');
    const [item] = t.store.evidence.itemsFor(incident.id);
    expect(item?.description).toBe(`Failure of isolate_host via edr (approval #${approval.id})`);
    expect(JSON.parse(readFileSync(join(dataDir, 'evidence', item?.storagePath ?? ''), 'utf8'))).toMatchObject({
      ok: false,
      detail: { error: 'EDR API timeout after 10 s' },
    });
  });

  it('without a vault the result stays in the timeline only', async () => {
    settings = { playbooks: [playbook] };
    const { incident } = await runIsolation(dryRunExecutor, 'executed');
    expect(t.store.evidence.itemsFor(incident.id)).toEqual([]);
    expect(t.store.timeline.forIncident(incident.id).map((e) => e.kind)).toContain('action.executed');
  });
});
