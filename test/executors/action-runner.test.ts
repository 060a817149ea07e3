import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionExecutor, Approval } from '../../src/core/approval/approval.js';
import { approveAction, requestStepAction } from '../../src/core/approval/request-action.js';
import type { CoreSettings } from '../../src/core/context.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { Playbook } from '../../src/core/playbook/playbook-schema.js';
import { assignRole } from '../../src/core/roles/assign-role.js';
import { startActionRunner, type ActionRunner, type ActionRunnerOptions } from '../../src/executors/action-runner.js';
import { MAX_RESPONSE_BYTES, webhookExecutor } from '../../src/executors/webhook-executor.js';
import { sendEndlessBody, startLocalTarget, type LocalTarget } from '../support/local-target.js';
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
          params: { host: 'fin-ws-12', ticket: '{{incident.ref}}' },
          owner: 'ops',
          approver: 'security',
        },
        {
          id: 'disable',
          title: 'Disable the user',
          type: 'action',
          action: 'disable_user',
          params: { user: 'jdoe', ticket: '{{incident.ref}}' },
          owner: 'ops',
          approver: 'security',
        },
      ],
    },
  ],
});
const SECRET = 'executor-secret-0123456789';
const SENT = '; the request was sent, so the target may have acted: check it before requesting again';

let t: TestStore;
const settings: Partial<CoreSettings> = { playbooks: [playbook] };
const runners: ActionRunner[] = [];
const targets: LocalTarget[] = [];
beforeEach(() => {
  t = openTestStore();
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  await Promise.all(targets.splice(0).map((x) => x.close()));
  t.close();
});

const ctx = (user: string) => t.ctx(user, settings);
const runnerActor = { type: 'system' as const, reason: 'action runner' };

function runner(executor: ActionExecutor, extra: Partial<ActionRunnerOptions> = {}): ActionRunner {
  const r = startActionRunner({
    ctx: t.ctx(runnerActor, settings),
    executor,
    logger: pino({ level: 'silent' }),
    onRecorded: () => undefined,
    pollMs: 20,
    ...extra,
  });
  runners.push(r);
  return r;
}

/** A target that hangs for the actions named in `hangFor` (by `action@incident`) and answers the rest at once. */
async function target(hangFor: string[]): Promise<LocalTarget> {
  const x = await startLocalTarget((_req, body, res) => {
    const sent = JSON.parse(body) as { action: string; incident: string };
    if (hangFor.includes(`${sent.action}@${sent.incident}`)) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ done: sent.action, incident: sent.incident }));
  });
  targets.push(x);
  return x;
}
const webhook = (x: LocalTarget, timeoutMs: number) =>
  webhookExecutor({ url: x.url, secret: SECRET, allowCidrs: ['127.0.0.0/8'], timeoutMs });

/** An incident whose ops (bob) and security (carol) roles are filled, ready to request and approve actions. */
function incident(title: string) {
  const declared = declareIncident({ ctx: ctx('alice'), input: { title } });
  assignRole({ ctx: ctx('alice'), input: { incidentId: declared.id, role: 'ops', userId: 'bob' } });
  assignRole({ ctx: ctx('alice'), input: { incidentId: declared.id, role: 'security', userId: 'carol' } });
  return { ...declared, runId: t.store.playbooks.runsFor(declared.id)[0]?.id ?? 0 };
}
function approve(inc: { runId: number }, stepId: string): Approval {
  const approval = requestStepAction({ ctx: ctx('bob'), input: { runId: inc.runId, stepId } });
  return approveAction({ ctx: ctx('carol'), input: { approvalId: approval.id } });
}
const status = (a: Approval) => t.store.approvals.byId(a.id)?.status;
const result = (a: Approval) => JSON.parse(t.store.approvals.byId(a.id)?.result ?? '{}') as Record<string, unknown>;
const executedEntries = (incidentId: number) =>
  t.store.timeline
    .forIncident(incidentId)
    .filter((e) => e.kind === 'action.executed')
    .map((e) => JSON.parse(e.payload) as { approvalId: number; ok: boolean; detail: Record<string, unknown> });

describe('action runner', () => {
  it("one incident's hanging target does not hold up another incident's containment", async () => {
    const x = await target(['isolate_host@INC-0001']);
    const r = runner(webhook(x, 60_000));
    const slow = incident('Ransom note on fin-ws-12');
    const hung = approve(slow, 'isolate');
    r.kick();
    await x.arrived(1);
    const quick = incident('Ransom note on hr-ws-3');
    const prompt = approve(quick, 'isolate');
    r.kick();
    await expect.poll(() => status(prompt), { timeout: 5_000 }).toBe('executed');
    // The first call is still hanging (claimed, no result) while the second incident's action is done.
    expect(status(hung)).toBe('approved');
    expect(t.store.approvals.byId(hung.id)?.claimedAt).not.toBeNull();
    expect(result(prompt)).toMatchObject({ status: 200, response: { done: 'isolate_host', incident: 'INC-0002' } });
    expect(executedEntries(quick.id)).toEqual([expect.objectContaining({ approvalId: prompt.id, ok: true })]);
    expect(t.store.playbooks.steps(quick.runId).find((s) => s.stepId === 'isolate')?.status).toBe('done');

    // Shutdown during the hanging call completes, and records it honestly.
    await r.stop();
    expect(status(hung)).toBe('failed');
    expect(result(hung)).toEqual({
      error: `interrupted: warroom shut down during the call${SENT}`,
      url: x.url,
      sent: true,
      interrupted: true,
    });
    expect(executedEntries(slow.id)).toEqual([
      expect.objectContaining({
        approvalId: hung.id,
        ok: false,
        detail: expect.objectContaining({ interrupted: true }),
      }),
    ]);
    await x.closed(1);
    expect(t.store.playbooks.steps(slow.runId).find((s) => s.stepId === 'isolate')?.status).not.toBe('done');
  });

  it('runs no more actions at once than its bound: with 1, the second waits for the first to end', async () => {
    const x = await target(['isolate_host@INC-0001']);
    const r = runner(webhook(x, 1000), { concurrency: 1 });
    const first = approve(incident('Ransom note on fin-ws-12'), 'isolate');
    const second = approve(incident('Ransom note on hr-ws-3'), 'isolate');
    let firstClosed = false;
    void x.closed(1).then(() => (firstClosed = true));
    r.kick();
    await x.arrived(2);
    // The second call arrived only after the first had ended (at its deadline), though they are different incidents.
    expect(firstClosed).toBe(true);
    await expect.poll(() => status(second), { timeout: 5_000 }).toBe('executed');
    expect(status(first)).toBe('failed');
    expect(result(first).error).toMatch(/^no complete answer within 1000 ms/);
    expect(x.hits.map((h) => (JSON.parse(h.body) as { incident: string }).incident)).toEqual(['INC-0001', 'INC-0002']);
  });

  it("runs one incident's actions in approval order, one at a time", async () => {
    const x = await target(['isolate_host@INC-0001']);
    const r = runner(webhook(x, 1000));
    const inc = incident('Ransom note on fin-ws-12');
    const isolate = approve(inc, 'isolate');
    const disable = approve(inc, 'disable');
    let isolateClosed = false;
    void x.closed(1).then(() => (isolateClosed = true));
    r.kick();
    await x.arrived(2);
    // The disable call arrived only after the isolate call had ended (at its deadline).
    expect(isolateClosed).toBe(true);
    await expect.poll(() => status(disable), { timeout: 5_000 }).toBe('executed');
    expect(status(isolate)).toBe('failed');
    expect(executedEntries(inc.id).map((e) => e.approvalId)).toEqual([isolate.id, disable.id]);
  });

  it('an endless answer is recorded as a failure with its reason, on the approval and the timeline', async () => {
    const endless = await startLocalTarget((_req, _body, res) => sendEndlessBody(res, 'application/json'));
    targets.push(endless);
    const inc = incident('Ransom note on fin-ws-12');
    const a = approve(inc, 'isolate');
    runner(webhook(endless, 60_000));
    await expect.poll(() => status(a), { timeout: 5_000 }).toBe('failed');
    const error = `the answer (status 200) passed ${MAX_RESPONSE_BYTES} bytes; stopped reading${SENT}`;
    expect(result(a)).toEqual({ error, url: endless.url, sent: true });
    expect(executedEntries(inc.id)).toEqual([
      expect.objectContaining({ approvalId: a.id, ok: false, detail: { error, url: endless.url, sent: true } }),
    ]);
    await endless.closed(1);
  });

  it('calls each approved action once, even with several runners on one database', async () => {
    const calls: number[] = [];
    const counting: ActionExecutor = {
      name: 'counting',
      execute: async ({ approvalId }) => (calls.push(approvalId), { ok: true, detail: {} }),
    };
    const approvals = [
      approve(incident('Ransom note on a'), 'isolate'),
      approve(incident('Ransom note on b'), 'isolate'),
      approve(incident('Ransom note on c'), 'isolate'),
    ];
    runner(counting);
    runner(counting);
    runner(counting);
    for (const a of approvals) await expect.poll(() => status(a), { timeout: 5_000 }).toBe('executed');
    expect(calls.sort()).toEqual(approvals.map((a) => a.id).sort());
  });

  it('a claim cut off by a crash is recorded as interrupted after the lease, never called again', async () => {
    const calls: number[] = [];
    const counting: ActionExecutor = {
      name: 'counting',
      execute: async ({ approvalId }) => (calls.push(approvalId), { ok: true, detail: {} }),
    };
    const crashed = approve(incident('Ransom note on fin-ws-12'), 'isolate');
    // A runner claimed it, then the process died before any result.
    expect(t.store.approvals.claim(crashed.id, t.clock.now().toISOString())).not.toBeNull();
    expect(t.store.approvals.claim(crashed.id, t.clock.now().toISOString())).toBeNull();
    const waiting = approve(incident('Ransom note on hr-ws-3'), 'isolate');
    const r = runner(counting, { leaseMs: 60_000 });
    await expect.poll(() => status(waiting), { timeout: 5_000 }).toBe('executed');
    // Within the lease the claim may still belong to a live runner: left alone.
    expect(status(crashed)).toBe('approved');
    t.clock.advance(61_000);
    r.kick();
    await expect.poll(() => status(crashed), { timeout: 5_000 }).toBe('failed');
    expect(result(crashed)).toEqual({
      error:
        'interrupted: warroom stopped while this action was running (claimed 2026-11-24T09:00:00.000Z); the request may have been sent, so check the target before requesting again',
      interrupted: true,
    });
    expect(calls).toEqual([waiting.id]);
  });

  it('shutdown is bounded even when an executor ignores the abort', async () => {
    const deaf: ActionExecutor = { name: 'deaf', execute: () => new Promise(() => undefined) };
    const a = approve(incident('Ransom note on fin-ws-12'), 'isolate');
    const r = runner(deaf, { stopGraceMs: 50 });
    await expect.poll(() => t.store.approvals.byId(a.id)?.claimedAt, { timeout: 5_000 }).not.toBeNull();
    await r.stop();
    expect(status(a)).toBe('failed');
    expect(result(a)).toEqual({
      error:
        'interrupted: warroom shut down during the call and the executor did not stop; it may have acted: check it before requesting again',
      interrupted: true,
    });
  });
});
