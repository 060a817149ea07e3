import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requestStepAction } from '../../src/core/approval/request-action.js';
import { completeStep, markStepNotApplicable } from '../../src/core/playbook/act-on-step.js';
import { assignRole } from '../../src/core/roles/assign-role.js';
import { openDatabase } from '../../src/store/db.js';
import { sqliteStore } from '../../src/store/sqlite-store.js';
import { startLocalTarget, type LocalTarget } from '../support/local-target.js';
import { startSandboxHarness, type SandboxHarness, type SandboxMessageJson } from '../support/sandbox-harness.js';
import { defaultSettings } from '../support/test-store.js';

const SECRET = 'executor-secret-0123456789';
const SENT = '; the request was sent, so the target may have acted: check it before requesting again';
let h: SandboxHarness | null = null;
const targets: LocalTarget[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  timers.splice(0).forEach(clearInterval);
  await h?.stop();
  h = null;
  await Promise.all(targets.splice(0).map((t) => t.close()));
});

/** The sandbox app with the webhook executor pointed at a local target (loopback listed as the operator's range). */
async function appCalling(target: LocalTarget, timeoutMs: number): Promise<SandboxHarness> {
  h = await startSandboxHarness({
    WARROOM_EXECUTOR: 'webhook',
    WARROOM_EXECUTOR_URL: target.url,
    WARROOM_EXECUTOR_SECRET: SECRET,
    WARROOM_EXECUTOR_ALLOW_CIDRS: '127.0.0.0/8',
    WARROOM_EXECUTOR_TIMEOUT_MS: String(timeoutMs),
  });
  return h;
}

type Button = { actionId: string; value: string };
const buttons = (m: SandboxMessageJson | undefined): Button[] =>
  (m?.blocks ?? []).flatMap((b) => (b.buttons ?? []) as Button[]);

/** Declares a phishing incident, has alice request its first action and dave (security) approve it with the button. */
async function approveFirstAction(app: SandboxHarness): Promise<{ room: string; approvalId: number }> {
  const declared = await app.type('alice', 'general', '/incident declare Phish reported by finance sev2');
  const room = declared.json.openChannelId ?? '';
  await expect.poll(() => app.app.store.playbooks.runsFor(1).length, { timeout: 5_000 }).toBe(1);
  const run = app.app.store.playbooks.runsFor(1)[0];
  const playbook = JSON.parse(run?.definition ?? '{}') as {
    stages: Array<{ steps: Array<{ id: string; type: string; approver?: string; depends_on: string[] }> }>;
  };
  const action = playbook.stages.flatMap((s) => s.steps).find((s) => s.type === 'action');
  const ctx = (user: string) => ({
    actor: { type: 'sandbox' as const, userId: user },
    now: () => new Date(),
    store: app.app.store,
    requestId: `t-${user}-${Math.random()}`,
    settings: defaultSettings,
  });
  for (const dep of action?.depends_on ?? []) {
    try {
      completeStep({ ctx: ctx('alice'), input: { runId: run?.id ?? 0, stepId: dep } });
    } catch {
      markStepNotApplicable({ ctx: ctx('alice'), input: { runId: run?.id ?? 0, stepId: dep } });
    }
  }
  assignRole({ ctx: ctx('alice'), input: { incidentId: 1, role: action?.approver ?? 'security', userId: 'dave' } });
  await app.post(`/sandbox/api/channels/${room}/join`, { user: 'dave' });
  const approval = requestStepAction({ ctx: ctx('alice'), input: { runId: run?.id ?? 0, stepId: action?.id ?? '' } });
  await expect
    .poll(async () => (await app.messages(room, 'dave')).find((m) => m.text.includes(`Approval #${approval.id}`)), {
      timeout: 5_000,
    })
    .toBeDefined();
  const approve = buttons(
    (await app.messages(room, 'dave')).find((m) => m.text.includes(`Approval #${approval.id}`)),
  ).find((b) => b.actionId === 'approval.approve');
  expect(
    (
      await app.post('/sandbox/api/actions', {
        user: 'dave',
        channelId: room,
        actionId: approve?.actionId,
        value: approve?.value,
      })
    ).status,
  ).toBe(200);
  return { room, approvalId: approval.id };
}

describe('approved actions through the configured webhook executor', () => {
  it('a dripping target ends at the deadline: the approver and the timeline both see why', async () => {
    const dripping = await startLocalTarget((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 500);
      timers.push(drip);
      res.on('close', () => clearInterval(drip));
    });
    targets.push(dripping);
    const app = await appCalling(dripping, 1500);
    const { room, approvalId } = await approveFirstAction(app);
    await expect.poll(() => app.app.store.approvals.byId(approvalId)?.status, { timeout: 10_000 }).toBe('failed');
    await dripping.closed(1);
    const error = `no complete answer within 1500 ms (the deadline covers connecting, redirects and the whole answer)${SENT}`;
    expect(JSON.parse(app.app.store.approvals.byId(approvalId)?.result ?? '{}')).toEqual({
      error,
      url: dripping.url,
      sent: true,
    });
    const entry = app.app.store.timeline.forIncident(1).find((e) => e.kind === 'action.executed');
    expect(JSON.parse(entry?.payload ?? '{}')).toMatchObject({
      approvalId,
      ok: false,
      executor: `webhook 127.0.0.1:${dripping.port}`,
      detail: { error },
    });
    // The approval message the approver clicked is edited to say it failed and why; the room gets the timeline line.
    await expect
      .poll(
        async () =>
          (await app.messages(room, 'dave')).find((m) => m.text.includes(`Approval #${approvalId}`))?.blocks[0]?.text,
        { timeout: 5_000 },
      )
      .toMatch(/Failed via webhook 127\.0\.0\.1:\d+: .*no complete answer within 1500 ms/);
    await expect
      .poll(
        async () =>
          (await app.messages(room, 'dave')).some((m) =>
            /failed via webhook 127\.0\.0\.1:\d+: .*no complete answer within 1500 ms/.test(m.text),
          ),
        { timeout: 5_000 },
      )
      .toBe(true);
  });

  it('stopping warroom (SIGTERM) during a hanging call completes and records the call as interrupted', async () => {
    const hanging = await startLocalTarget(() => undefined);
    targets.push(hanging);
    const app = await appCalling(hanging, 120_000);
    const { room, approvalId } = await approveFirstAction(app);
    await hanging.arrived(1);
    // While the call hangs, the approval message says it is running: claiming it re-rendered "queued to run".
    await expect
      .poll(
        async () =>
          (await app.messages(room, 'dave')).find((m) => m.text.includes(`Approval #${approvalId}`))?.blocks[0]?.text,
        { timeout: 5_000 },
      )
      .toContain(':hourglass: Running…');
    await app.app.stop();
    h = null;
    await hanging.closed(1);
    const database = openDatabase(join(app.dir, 'warroom.db'));
    try {
      const store = sqliteStore(database.db);
      expect(store.approvals.byId(approvalId)).toMatchObject({ status: 'failed' });
      expect(JSON.parse(store.approvals.byId(approvalId)?.result ?? '{}')).toEqual({
        error: `interrupted: warroom shut down during the call${SENT}`,
        url: hanging.url,
        sent: true,
        interrupted: true,
      });
      expect(
        store.timeline
          .forIncident(1)
          .filter((e) => e.kind === 'action.executed')
          .map((e) => JSON.parse(e.payload) as { ok: boolean }),
      ).toEqual([expect.objectContaining({ ok: false })]);
    } finally {
      database.close();
      rmSync(app.dir, { recursive: true, force: true });
    }
  });
});
