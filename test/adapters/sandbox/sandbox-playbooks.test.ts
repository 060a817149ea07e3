import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxHarness, type SandboxHarness, type SandboxMessageJson } from '../../support/sandbox-harness.js';
import { defaultSettings } from '../../support/test-store.js';

let h: SandboxHarness;
beforeEach(async () => {
  h = await startSandboxHarness();
});
afterEach(() => h.stop());

type Button = { actionId: string; value: string; label?: string };
const buttons = (m: SandboxMessageJson | undefined): Button[] => (m?.blocks ?? []).flatMap((b) => (b.buttons ?? []) as Button[]);
const stageMessage = async (room: string, stageTitle: string) => (await h.messages(room, 'alice')).find((m) => m.blocks.some((b) => b.type === 'header' && (b.text ?? '').includes(stageTitle)));

describe('playbook checklists in the sandbox', () => {
  it('a phishing report attaches the phishing playbook; steps are ticked, skipped with a reason, and its action approved by someone else', async () => {
    const declared = await h.type('alice', 'general', '/incident declare Phish reported by finance sev2');
    const room = declared.json.openChannelId ?? '';
    await expect.poll(async () => (await h.messages(room, 'alice')).some((m) => m.text.includes('Playbook *Phishing'))).toBe(true);
    await expect.poll(async () => (await stageMessage(room, 'Phishing')) !== undefined).toBe(true);
    for (const user of ['bob', 'carol']) await h.post(`/sandbox/api/channels/${room}/join`, { user });

    // Tick the first open step as the lead (it requires evidence: collect some first).
    await h.post('/sandbox/api/messages', { user: 'alice', channelId: room, text: '/incident evidence add Reported message headers: Received from mail.example.net [203.0.113.9]' });
    const first = buttons(await stageMessage(room, 'Phishing')).find((b) => b.actionId.startsWith('step:done:'));
    expect(first).toBeDefined();
    expect((await h.post('/sandbox/api/actions', { user: 'alice', channelId: room, actionId: first?.actionId, value: first?.value })).status).toBe(200);
    const run = h.app.store.playbooks.runsFor(1)[0];
    const stepId = first?.actionId.split(':')[2] ?? '';
    await expect.poll(() => h.app.store.playbooks.steps(run?.id ?? 0).find((s) => s.stepId === stepId)?.status).toBe('done');

    // Skip asks for a reason through a form.
    const skip = buttons(await stageMessage(room, 'Phishing')).find((b) => b.actionId.startsWith('step:skip:') && !b.actionId.endsWith(stepId));
    const form = await h.post<{ form: { formId: string; context: Record<string, unknown> } }>('/sandbox/api/actions', { user: 'alice', channelId: room, actionId: skip?.actionId, value: skip?.value });
    expect(form.json.form.formId).toBe('skip_step');
    expect((await h.post('/sandbox/api/forms', { formId: 'skip_step', user: 'alice', context: form.json.form.context, values: { reason: 'no' } })).status).toBe(422);
    expect((await h.post('/sandbox/api/forms', { formId: 'skip_step', user: 'alice', context: form.json.form.context, values: { reason: 'already handled by the mail team' } })).status).toBe(200);
    expect(h.app.store.timeline.forIncident(1).map((e) => e.kind)).toContain('step.skipped');

    // A checklist button pressed in another channel does nothing.
    const general = await h.channelId('general');
    expect((await h.post('/sandbox/api/actions', { user: 'alice', channelId: general, actionId: first?.actionId, value: first?.value })).status).toBe(422);
  });

  it('four eyes in the sandbox: the requester cannot approve; the approving role can, and the dry run is recorded', async () => {
    const declared = await h.type('alice', 'general', '/incident declare Phish reported by finance sev2');
    const room = declared.json.openChannelId ?? '';
    await expect.poll(async () => (await stageMessage(room, 'Phishing')) !== undefined).toBe(true);
    const run = h.app.store.playbooks.runsFor(1)[0];
    const playbook = JSON.parse(run?.definition ?? '{}') as { stages: Array<{ steps: Array<{ id: string; type: string; approver?: string; owner: string; depends_on: string[] }> }> };
    const action = playbook.stages.flatMap((s) => s.steps).find((s) => s.type === 'action');
    expect(action).toBeDefined();
    // Settle everything the action waits for, as the lead, through the real verbs behind the buttons.
    const { completeStep, markStepNotApplicable } = await import('../../../src/core/playbook/act-on-step.js');
    const { requestStepAction } = await import('../../../src/core/approval/request-action.js');
    const { assignRole } = await import('../../../src/core/roles/assign-role.js');
    const ctx = (user: string) => ({ actor: { type: 'sandbox' as const, userId: user }, now: () => new Date(), store: h.app.store, requestId: `t-${user}-${Math.random()}`, settings: defaultSettings });
    for (const dep of action?.depends_on ?? []) {
      try {
        completeStep({ ctx: ctx('alice'), input: { runId: run?.id ?? 0, stepId: dep } });
      } catch {
        markStepNotApplicable({ ctx: ctx('alice'), input: { runId: run?.id ?? 0, stepId: dep } });
      }
    }
    assignRole({ ctx: ctx('alice'), input: { incidentId: 1, role: action?.approver ?? 'security', userId: 'dave' } });
    for (const user of ['dave']) await h.post(`/sandbox/api/channels/${room}/join`, { user });
    const approval = requestStepAction({ ctx: ctx('alice'), input: { runId: run?.id ?? 0, stepId: action?.id ?? '' } });
    await expect.poll(async () => (await h.messages(room, 'alice')).find((m) => m.text.includes(`Approval #${approval.id}`))).toBeDefined();
    const message = (await h.messages(room, 'alice')).find((m) => m.text.includes(`Approval #${approval.id}`));
    const approve = buttons(message).find((b) => b.actionId === 'approval.approve');
    await h.post('/sandbox/api/actions', { user: 'alice', channelId: room, actionId: approve?.actionId, value: approve?.value });
    expect(h.app.store.approvals.byId(approval.id)?.status).toBe('pending');
    expect((await h.messages(room, 'alice')).some((m) => m.ephemeral && /You requested .*someone else/.test(m.text))).toBe(true);
    await h.post('/sandbox/api/actions', { user: 'dave', channelId: room, actionId: approve?.actionId, value: approve?.value });
    await expect.poll(() => h.app.store.approvals.byId(approval.id)?.status).toBe('executed');
    const approvalText = async () => (await h.messages(room, 'alice')).find((m) => m.text.includes(`Approval #${approval.id}`))?.blocks[0]?.text;
    await expect.poll(approvalText).toMatch(/Approved by @dave[\s\S]*Ran via dry-run/);
    expect(buttons((await h.messages(room, 'alice')).find((m) => m.text.includes(`Approval #${approval.id}`)))).toEqual([]);
  });
});
