import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAttackCatalog } from '../../src/catalog/load-attack-catalog.js';
import { approveAction, rejectAction, requestStepAction } from '../../src/core/approval/request-action.js';
import { routeAlerts } from '../../src/core/alert/route-alerts.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import {
  answerDecision,
  claimStep,
  completeStep,
  markStepNotApplicable,
  skipStep,
} from '../../src/core/playbook/act-on-step.js';
import { attachPlaybook, detachPlaybook } from '../../src/core/playbook/attach-playbook.js';
import { Playbook } from '../../src/core/playbook/playbook-schema.js';
import { reopenStage } from '../../src/core/playbook/reopen-stage.js';
import { stepViews } from '../../src/core/playbook/step-availability.js';
import { assignRole } from '../../src/core/roles/assign-role.js';
import { startActionRunner } from '../../src/executors/action-runner.js';
import { dryRunExecutor } from '../../src/executors/dry-run-executor.js';
import type { CoreSettings } from '../../src/core/context.js';
import { makeAlert, tierEnrichment } from '../support/alert-builders.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const playbook = Playbook.parse({
  id: 'host-ransomware',
  title: 'Ransomware on a host',
  version: 3,
  description: 'test',
  roles: ['lead', 'security', 'ops'],
  triggers: [{ title_contains: ['ransom'] }, { tactics: ['credential-access'], source: ['wazuh'] }],
  stages: [
    {
      id: 'triage',
      title: 'Triage',
      steps: [
        { id: 'scope', title: 'Identify affected hosts', type: 'check', owner: 'security', sla: 15 },
        {
          id: 'joined',
          title: 'Domain-joined?',
          type: 'decision',
          question: 'Is the host domain-joined?',
          depends_on: ['scope'],
          answers: [
            { label: 'Yes', next: ['reset-domain'] },
            { label: 'No', next: ['reset-local'] },
          ],
        },
        { id: 'reset-domain', title: 'Reset domain credentials', type: 'check' },
        { id: 'reset-local', title: 'Reset local credentials', type: 'check' },
      ],
    },
    {
      id: 'containment',
      title: 'Containment',
      steps: [
        {
          id: 'isolate',
          title: 'Isolate the host',
          type: 'action',
          action: 'isolate_host',
          params: { host: '{{alert.host}}', ticket: '{{incident.ref}}' },
          owner: 'ops',
          approver: 'security',
        },
      ],
    },
  ],
});

let t: TestStore;
let settings: Partial<CoreSettings>;
beforeEach(() => {
  t = openTestStore();
  settings = { playbooks: [playbook], attack: loadAttackCatalog() };
});
afterEach(() => t.close());

const ctx = (user: string) => t.ctx(user, settings);
const kinds = () => t.store.timeline.forIncident(1).map((e) => e.kind);
const stageIntents = () =>
  t.database.sqlite
    .prepare("select intent from outbox where intent like '%playbook.stage%' order by id")
    .all()
    .map((r) => (JSON.parse((r as { intent: string }).intent) as { stageId: string }).stageId);

function declare() {
  const incident = declareIncident({ ctx: ctx('alice'), input: { title: 'Ransom note on fin-ws-12' } });
  const run = t.store.playbooks.runsFor(incident.id)[0];
  if (!run) throw new Error('playbook not attached');
  return { incident, run, ref: (stepId: string) => ({ runId: run.id, stepId }) };
}

const views = (runId: number) => stepViews(playbook, t.store.playbooks.steps(runId));

describe('playbook router', () => {
  it('attaches a matching playbook when the incident opens, with the reason, and posts only the first stage', () => {
    const { run } = declare();
    expect(run).toMatchObject({
      playbookId: 'host-ransomware',
      version: 3,
      attachedBy: 'router',
      reason: 'matched title mentions "ransom"',
    });
    expect(kinds()).toEqual(['incident.declared', 'playbook.attached']);
    expect(stageIntents()).toEqual(['triage']);
  });

  it('matches ATT&CK tactics through the techniques an alert carries', () => {
    const receivedAt = t.clock.now().toISOString();
    const inbox = t.store.inbox.insert({ source: 'wazuh', receivedAt, body: '{}' });
    routeAlerts({
      ctx: t.ctx({ type: 'alert', source: 'wazuh' }, settings),
      input: {
        inboxId: inbox.id,
        receivedAt,
        items: [
          {
            alert: makeAlert({ source: 'wazuh', title: 'sshd brute force', attackTechniques: ['T1110.001'] }),
            enrichment: tierEnrichment(1),
            enrichmentMs: 0,
          },
        ],
      },
    });
    expect(t.store.playbooks.runsFor(1)[0]?.reason).toBe('matched source wazuh, tactic credential-access');
  });

  it('attaches and detaches by hand, once', () => {
    const incident = declareIncident({ ctx: ctx('alice'), input: { title: 'Checkout down' } });
    expect(t.store.playbooks.runsFor(incident.id)).toHaveLength(0);
    attachPlaybook({ ctx: ctx('bob'), input: { incidentId: incident.id, playbookId: 'host-ransomware' } });
    expect(() =>
      attachPlaybook({ ctx: ctx('bob'), input: { incidentId: incident.id, playbookId: 'host-ransomware' } }),
    ).toThrow(/already attached/);
    expect(() => attachPlaybook({ ctx: ctx('bob'), input: { incidentId: incident.id, playbookId: 'nope' } })).toThrow(
      /No playbook "nope"\. Available: host-ransomware/,
    );
    detachPlaybook({ ctx: ctx('bob'), input: { incidentId: incident.id, playbookId: 'host-ransomware' } });
    expect(t.store.playbooks.runsFor(incident.id)[0]?.status).toBe('detached');
    expect(() =>
      completeStep({
        ctx: ctx('alice'),
        input: { runId: t.store.playbooks.runsFor(incident.id)[0]?.id ?? 0, stepId: 'scope' },
      }),
    ).toThrow(/was detached/);
  });
});

describe('checklist', () => {
  it('locks steps until their dependencies are settled and their decision is answered', () => {
    const { run, ref } = declare();
    expect(Object.fromEntries(views(run.id))).toEqual({
      scope: 'open',
      joined: 'locked',
      'reset-domain': 'locked',
      'reset-local': 'locked',
      isolate: 'open',
    });
    expect(() => answerDecision({ ctx: ctx('alice'), input: { ...ref('joined'), answer: 'Yes' } })).toThrow(
      /locked until "scope" is done/,
    );
  });

  it('only the owner role, the claimer or the lead may act; a claimed step is not taken by someone else', () => {
    const { incident, ref } = declare();
    assignRole({ ctx: ctx('alice'), input: { incidentId: incident.id, role: 'security', userId: 'carol' } });
    expect(() => completeStep({ ctx: ctx('bob'), input: ref('scope') })).toThrow(
      /belongs to the security role or the incident lead/,
    );
    claimStep({ ctx: ctx('carol'), input: ref('scope') });
    expect(() => claimStep({ ctx: ctx('alice'), input: ref('scope') })).toThrow(/being worked on by someone else/);
    completeStep({ ctx: ctx('carol'), input: ref('scope') });
    expect(() => completeStep({ ctx: ctx('carol'), input: ref('scope') })).toThrow(/already done/);
    expect(kinds().slice(-2)).toEqual(['step.claimed', 'step.completed']);
  });

  it('answering a decision unlocks its branch and rules the other out', () => {
    const { run, ref } = declare();
    completeStep({ ctx: ctx('alice'), input: ref('scope') });
    expect(() => completeStep({ ctx: ctx('alice'), input: ref('joined') })).toThrow(
      /is a decision: pick one of its answers/,
    );
    expect(() => answerDecision({ ctx: ctx('alice'), input: { ...ref('joined'), answer: 'Maybe' } })).toThrow(
      /Answers: "Yes", "No"\./,
    );
    answerDecision({ ctx: ctx('alice'), input: { ...ref('joined'), answer: 'no' } });
    expect(views(run.id).get('reset-local')).toBe('open');
    expect(views(run.id).get('reset-domain')).toBe('na');
    const entry = t.store.timeline.last(1);
    expect(JSON.parse(entry?.payload ?? '{}')).toMatchObject({
      question: 'Is the host domain-joined?',
      answer: 'No',
      ruledOut: ['reset-domain'],
    });
  });

  it('skip needs a reason; N/A does not; settling the stage starts the next one', () => {
    const { run, ref } = declare();
    completeStep({ ctx: ctx('alice'), input: ref('scope') });
    answerDecision({ ctx: ctx('alice'), input: { ...ref('joined'), answer: 'Yes' } });
    expect(() => skipStep({ ctx: ctx('alice'), input: { ...ref('reset-domain'), reason: '' } })).toThrow(/Say why/);
    t.clock.advance(60_000);
    skipStep({ ctx: ctx('alice'), input: { ...ref('reset-domain'), reason: 'KRBTGT already rotated today' } });
    expect(JSON.parse(t.store.playbooks.run(run.id)?.stageStarts ?? '{}')).toEqual({
      triage: '2026-11-24T09:00:00.000Z',
      containment: '2026-11-24T09:01:00.000Z',
    });
    expect(stageIntents().at(-1)).toBe('containment');
    markStepNotApplicable({ ctx: ctx('alice'), input: ref('isolate') });
    expect(views(run.id).get('isolate')).toBe('na');
  });

  it('reopens an earlier stage with a reason, keeping the history', () => {
    const { run, ref } = declare();
    completeStep({ ctx: ctx('alice'), input: ref('scope') });
    answerDecision({ ctx: ctx('alice'), input: { ...ref('joined'), answer: 'No' } });
    expect(() => reopenStage({ ctx: ctx('alice'), input: { incidentId: 1, stageId: 'triage', reason: '' } })).toThrow(
      /Say why you go back/,
    );
    expect(() =>
      reopenStage({ ctx: ctx('alice'), input: { incidentId: 1, stageId: 'recovery', reason: 'x y z' } }),
    ).toThrow(/has a recovery stage/);
    expect(
      reopenStage({
        ctx: ctx('alice'),
        input: { incidentId: 1, stageId: 'triage', reason: 'second host found encrypted' },
      }),
    ).toBe(3);
    expect(Object.fromEntries(views(run.id))).toMatchObject({
      scope: 'open',
      joined: 'locked',
      'reset-domain': 'locked',
      'reset-local': 'locked',
    });
    expect(kinds()).toContain('step.answered');
    expect(kinds().at(-1)).toBe('stage.reopened');
  });
});

describe('approval gates (four eyes)', () => {
  it('requests once, refuses self-approval and non-role approval, approves, and runs through the executor', async () => {
    const { incident, run, ref } = declare();
    assignRole({ ctx: ctx('alice'), input: { incidentId: incident.id, role: 'ops', userId: 'bob' } });
    assignRole({ ctx: ctx('alice'), input: { incidentId: incident.id, role: 'security', userId: 'carol' } });
    expect(() => completeStep({ ctx: ctx('bob'), input: ref('isolate') })).toThrow(/runs through an approval/);
    const approval = requestStepAction({ ctx: ctx('bob'), input: ref('isolate') });
    expect(approval).toMatchObject({
      status: 'pending',
      action: 'isolate_host',
      approverRole: 'security',
      requestedBy: 'bob',
    });
    expect(JSON.parse(approval.params)).toEqual({ host: '', ticket: 'INC-0001' });
    expect(() => requestStepAction({ ctx: ctx('alice'), input: ref('isolate') })).toThrow(
      /already requested \(approval #1, pending\)/,
    );
    expect(() => approveAction({ ctx: ctx('bob'), input: { approvalId: approval.id } })).toThrow(
      /You requested isolate_host; someone else/,
    );
    expect(() => approveAction({ ctx: ctx('dave'), input: { approvalId: approval.id } })).toThrow(
      'Only whoever holds the security role can decide isolate_host. The lead assigns it: `/incident role security @user`.',
    );
    approveAction({ ctx: ctx('carol'), input: { approvalId: approval.id } });
    expect(() =>
      rejectAction({ ctx: ctx('carol'), input: { approvalId: approval.id, reason: 'changed my mind' } }),
    ).toThrow(/already approved/);

    const runner = startActionRunner({
      ctx: ctx('system'),
      executor: dryRunExecutor,
      logger: pino({ level: 'silent' }),
      onRecorded: () => undefined,
      pollMs: 20,
    });
    await expect.poll(() => t.store.approvals.byId(approval.id)?.status).toBe('executed');
    await runner.stop();
    expect(JSON.parse(t.store.approvals.byId(approval.id)?.result ?? '{}')).toEqual({
      dryRun: true,
      wouldRun: 'isolate_host',
      params: { host: '', ticket: 'INC-0001' },
      incident: 'INC-0001',
    });
    expect(views(run.id).get('isolate')).toBe('done');
    expect(kinds().filter((k) => k.startsWith('action.'))).toEqual([
      'action.requested',
      'action.approved',
      'action.executed',
    ]);
  });

  it('a rejected request records why and the step can be requested again; a failing executor leaves it open', async () => {
    const { ref } = declare();
    const first = requestStepAction({ ctx: ctx('alice'), input: ref('isolate') });
    // The lead requested, so the lead cannot decide a lead-approved action; here security decides, nobody holds it.
    expect(() => rejectAction({ ctx: ctx('carol'), input: { approvalId: first.id, reason: 'no' } })).toThrow(/Say why/);
    expect(() => rejectAction({ ctx: ctx('carol'), input: { approvalId: first.id, reason: 'wrong host' } })).toThrow(
      'Only whoever holds the security role (nobody does yet) can decide',
    );
    assignRole({ ctx: ctx('alice'), input: { incidentId: 1, role: 'security', userId: 'carol' } });
    rejectAction({ ctx: ctx('carol'), input: { approvalId: first.id, reason: 'wrong host, it is fin-ws-21' } });
    const second = requestStepAction({ ctx: ctx('alice'), input: ref('isolate') });
    approveAction({ ctx: ctx('carol'), input: { approvalId: second.id } });
    const failing = { name: 'edr', execute: async () => Promise.reject(new Error('EDR API timeout after 10 s')) };
    const runner = startActionRunner({
      ctx: ctx('system'),
      executor: failing,
      logger: pino({ level: 'silent' }),
      onRecorded: () => undefined,
      pollMs: 20,
    });
    await expect.poll(() => t.store.approvals.byId(second.id)?.status).toBe('failed');
    await runner.stop();
    expect(JSON.parse(t.store.approvals.byId(second.id)?.result ?? '{}')).toEqual({
      error: 'EDR API timeout after 10 s',
    });
    expect(stepViews(playbook, t.store.playbooks.steps(1)).get('isolate')).toBe('open');
    expect(requestStepAction({ ctx: ctx('alice'), input: ref('isolate') }).id).toBe(3);
  });
});

describe('evidence-required steps', () => {
  it('refuse Done until evidence was collected in the stage, then accept it', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openEvidenceVault } = await import('../../src/infra/evidence/open-evidence-vault.js');
    const { addEvidence } = await import('../../src/core/evidence/add-evidence.js');
    const dir = mkdtempSync(join(tmpdir(), 'warroom-ev-'));
    const strict = Playbook.parse({
      ...playbook,
      triggers: [{ title_contains: ['ransom'] }],
      stages: [
        {
          id: 'triage',
          title: 'T',
          steps: [{ id: 'image', title: 'Take a memory image', type: 'check', evidence: 'required' }],
        },
      ],
    });
    settings = { playbooks: [strict], attack: null, evidence: openEvidenceVault(dir) };
    try {
      const incident = declareIncident({ ctx: ctx('alice'), input: { title: 'Ransom note' } });
      const runId = t.store.playbooks.runsFor(incident.id)[0]?.id ?? 0;
      expect(() => completeStep({ ctx: ctx('alice'), input: { runId, stepId: 'image' } })).toThrow(
        /needs evidence first/,
      );
      t.clock.advance(1_000);
      addEvidence({
        ctx: ctx('alice'),
        input: {
          kind: 'text',
          incidentId: incident.id,
          text: 'winpmem image fin-ws-12.raw sha256 …',
          purpose: 'memory image taken',
        },
      });
      expect(completeStep({ ctx: ctx('alice'), input: { runId, stepId: 'image' } }).status).toBe('done');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
