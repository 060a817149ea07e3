import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxHarness, type SandboxHarness, type SandboxMessageJson } from '../../support/sandbox-harness.js';
import { defaultSettings } from '../../support/test-store.js';

let h: SandboxHarness;
beforeEach(async () => {
  h = await startSandboxHarness();
});
afterEach(() => h.stop());

type Button = { actionId: string; value: string; label?: string };
const buttons = (m: SandboxMessageJson | undefined): Button[] =>
  (m?.blocks ?? []).flatMap((b) => (b.buttons ?? []) as Button[]);
const stageMessage = async (room: string, stageTitle: string) =>
  (await h.messages(room, 'alice')).find((m) =>
    m.blocks.some((b) => b.type === 'header' && (b.text ?? '').includes(stageTitle)),
  );

describe('playbook checklists in the sandbox', () => {
  it('Resolve with the checklist open asks first, naming what is open; Resolve anyway resolves and records it', async () => {
    const declared = await h.type('alice', 'general', '/incident declare Phish reported by finance sev2');
    const room = declared.json.openChannelId ?? '';
    await expect.poll(async () => (await stageMessage(room, 'Phishing')) !== undefined).toBe(true);
    const id = String(h.app.store.incidents.byNumber(1)?.id);
    const kinds = () => h.app.store.timeline.forIncident(1).map((e) => e.kind);
    const before = kinds().length;

    // The header's Resolve: a private question with its confirm button, and nothing changes yet.
    expect(
      (
        await h.post('/sandbox/api/actions', {
          user: 'alice',
          channelId: room,
          actionId: 'incident.resolve',
          value: id,
        })
      ).status,
    ).toBe(200);
    const question = (await h.messages(room, 'alice')).find(
      (m) => m.ephemeral && m.text.includes('Resolve INC-0001 anyway?'),
    );
    expect(question?.text).toMatch(
      /^\d+ triage steps? (is|are) still open: .+; later stages never started: .+\. Resolve INC-0001 anyway\? What is open will be recorded on the timeline and in the postmortem\.$/,
    );
    expect((await h.messages(room, 'bob')).some((m) => m.text.includes('Resolve INC-0001 anyway?'))).toBe(false);
    const confirm = buttons(question).find((b) => b.actionId === 'incident.resolve_confirmed');
    expect(confirm).toMatchObject({ label: 'Resolve anyway', value: id });
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('declared');
    expect(kinds()).toHaveLength(before);

    // Typed, the same question (and the same refusal to act without confirmation).
    await h.post('/sandbox/api/messages', { user: 'alice', channelId: room, text: '/incident status resolved' });
    const typed = (await h.messages(room, 'alice')).filter(
      (m) => m.ephemeral && m.text.includes('Resolve INC-0001 anyway?'),
    );
    expect(typed).toHaveLength(2);
    expect(typed[1]?.text).toBe(question?.text);
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('declared');

    // The status form: choosing resolved closes the form and asks the same question.
    const form = await h.post<{ form: { formId: string; context: Record<string, unknown> } }>('/sandbox/api/actions', {
      user: 'alice',
      channelId: room,
      actionId: 'incident.update_status',
      value: id,
    });
    expect(form.json.form.formId).toBe('update_status');
    const submitted = await h.post('/sandbox/api/forms', {
      formId: 'update_status',
      user: 'alice',
      context: form.json.form.context,
      values: { status: 'resolved', note: 'looks fine' },
    });
    expect(submitted).toEqual({ status: 200, json: { ok: true } });
    const asked = (await h.messages(room, 'alice')).filter(
      (m) => m.ephemeral && m.text.includes('Resolve INC-0001 anyway?'),
    );
    expect(asked).toHaveLength(3);
    expect(buttons(asked[2]).map((b) => b.actionId)).toEqual(['incident.resolve_confirmed']);
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('declared');
    expect(kinds()).toHaveLength(before);

    // Confirmed: resolved, and the open steps are on the resolve entry and in the war room.
    expect(
      (
        await h.post('/sandbox/api/actions', {
          user: 'alice',
          channelId: room,
          actionId: confirm?.actionId,
          value: confirm?.value,
        })
      ).status,
    ).toBe(200);
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('resolved');
    const resolved = h.app.store.timeline
      .forIncident(1)
      .filter((e) => e.kind === 'status.changed')
      .map(
        (e) => JSON.parse(e.payload) as { to: string; via: string; openWork?: { steps: unknown[]; stages: unknown[] } },
      );
    expect(resolved.at(-1)).toMatchObject({ to: 'resolved', via: 'button' });
    expect(resolved.at(-1)?.openWork?.steps.length).toBeGreaterThan(0);
    expect(resolved.at(-1)?.openWork?.stages.length).toBeGreaterThan(0);
    await expect
      .poll(async () =>
        (await h.messages(room, 'bob')).some((m) =>
          /Status declared → \*resolved\* by Alice Okafor \(@alice\) — resolved with playbook work still open \(confirmed\): /.test(
            m.text,
          ),
        ),
      )
      .toBe(true);
    expect(
      (await h.messages(room, 'alice')).some(
        (m) =>
          m.ephemeral &&
          /^INC-0001 is now \*resolved\*\. What was still open is on the timeline and goes into the postmortem\./.test(
            m.text,
          ),
      ),
    ).toBe(true);
    // The stats count it (a moment later, so the incident is inside the window that ends now).
    await expect
      .poll(
        async () => (await h.get<{ resolvedWithOpenSteps: number }>('/api/stats?days=7')).json.resolvedWithOpenSteps,
      )
      .toBe(1);
  });

  it('a phishing report attaches the phishing playbook; steps are ticked, skipped with a reason, and its action approved by someone else', async () => {
    const declared = await h.type('alice', 'general', '/incident declare Phish reported by finance sev2');
    const room = declared.json.openChannelId ?? '';
    await expect
      .poll(async () => (await h.messages(room, 'alice')).some((m) => m.text.includes('Playbook *Phishing')))
      .toBe(true);
    await expect.poll(async () => (await stageMessage(room, 'Phishing')) !== undefined).toBe(true);
    for (const user of ['bob', 'carol']) await h.post(`/sandbox/api/channels/${room}/join`, { user });

    // Tick the first open step as the lead (it requires evidence: collect some first).
    await h.post('/sandbox/api/messages', {
      user: 'alice',
      channelId: room,
      text: '/incident evidence add Reported message headers: Received from mail.example.net [203.0.113.9]',
    });
    const first = buttons(await stageMessage(room, 'Phishing')).find((b) => b.actionId.startsWith('step:done:'));
    expect(first).toBeDefined();
    expect(
      (
        await h.post('/sandbox/api/actions', {
          user: 'alice',
          channelId: room,
          actionId: first?.actionId,
          value: first?.value,
        })
      ).status,
    ).toBe(200);
    const run = h.app.store.playbooks.runsFor(1)[0];
    const stepId = first?.actionId.split(':')[2] ?? '';
    await expect
      .poll(() => h.app.store.playbooks.steps(run?.id ?? 0).find((s) => s.stepId === stepId)?.status)
      .toBe('done');
    // The checklist message is redrawn by the outbox after the step is recorded: wait for it, not only the record.
    await expect
      .poll(async () => buttons(await stageMessage(room, 'Phishing')).some((b) => b.actionId.endsWith(`:${stepId}`)))
      .toBe(false);

    // Skip asks for a reason through a form.
    const skip = buttons(await stageMessage(room, 'Phishing')).find(
      (b) => b.actionId.startsWith('step:skip:') && !b.actionId.endsWith(stepId),
    );
    const form = await h.post<{ form: { formId: string; context: Record<string, unknown> } }>('/sandbox/api/actions', {
      user: 'alice',
      channelId: room,
      actionId: skip?.actionId,
      value: skip?.value,
    });
    expect(form.json.form.formId).toBe('skip_step');
    expect(
      (
        await h.post('/sandbox/api/forms', {
          formId: 'skip_step',
          user: 'alice',
          context: form.json.form.context,
          values: { reason: 'no' },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await h.post('/sandbox/api/forms', {
          formId: 'skip_step',
          user: 'alice',
          context: form.json.form.context,
          values: { reason: 'already handled by the mail team' },
        })
      ).status,
    ).toBe(200);
    expect(h.app.store.timeline.forIncident(1).map((e) => e.kind)).toContain('step.skipped');

    // A checklist button pressed in another channel does nothing.
    const general = await h.channelId('general');
    expect(
      (
        await h.post('/sandbox/api/actions', {
          user: 'alice',
          channelId: general,
          actionId: first?.actionId,
          value: first?.value,
        })
      ).status,
    ).toBe(422);
  });

  it('four eyes in the sandbox: the requester cannot approve; the approving role can, and the dry run is recorded', async () => {
    const declared = await h.type('alice', 'general', '/incident declare Phish reported by finance sev2');
    const room = declared.json.openChannelId ?? '';
    await expect.poll(async () => (await stageMessage(room, 'Phishing')) !== undefined).toBe(true);
    const run = h.app.store.playbooks.runsFor(1)[0];
    const playbook = JSON.parse(run?.definition ?? '{}') as {
      stages: Array<{
        steps: Array<{ id: string; type: string; approver?: string; owner: string; depends_on: string[] }>;
      }>;
    };
    const action = playbook.stages.flatMap((s) => s.steps).find((s) => s.type === 'action');
    expect(action).toBeDefined();
    // Settle everything the action waits for, as the lead, through the real verbs behind the buttons.
    const { completeStep, markStepNotApplicable } = await import('../../../src/core/playbook/act-on-step.js');
    const { requestStepAction } = await import('../../../src/core/approval/request-action.js');
    const { assignRole } = await import('../../../src/core/roles/assign-role.js');
    const ctx = (user: string) => ({
      actor: { type: 'sandbox' as const, userId: user },
      now: () => new Date(),
      store: h.app.store,
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
    for (const user of ['dave']) await h.post(`/sandbox/api/channels/${room}/join`, { user });
    const approval = requestStepAction({ ctx: ctx('alice'), input: { runId: run?.id ?? 0, stepId: action?.id ?? '' } });
    await expect
      .poll(async () => (await h.messages(room, 'alice')).find((m) => m.text.includes(`Approval #${approval.id}`)))
      .toBeDefined();
    const message = (await h.messages(room, 'alice')).find((m) => m.text.includes(`Approval #${approval.id}`));
    const approve = buttons(message).find((b) => b.actionId === 'approval.approve');
    await h.post('/sandbox/api/actions', {
      user: 'alice',
      channelId: room,
      actionId: approve?.actionId,
      value: approve?.value,
    });
    expect(h.app.store.approvals.byId(approval.id)?.status).toBe('pending');
    expect(
      (await h.messages(room, 'alice')).some((m) => m.ephemeral && /You requested .*someone else/.test(m.text)),
    ).toBe(true);
    await h.post('/sandbox/api/actions', {
      user: 'dave',
      channelId: room,
      actionId: approve?.actionId,
      value: approve?.value,
    });
    await expect.poll(() => h.app.store.approvals.byId(approval.id)?.status).toBe('executed');
    const approvalText = async () =>
      (await h.messages(room, 'alice')).find((m) => m.text.includes(`Approval #${approval.id}`))?.blocks[0]?.text;
    await expect.poll(approvalText).toMatch(/Approved by @dave[\s\S]*Ran via dry-run/);
    expect(buttons((await h.messages(room, 'alice')).find((m) => m.text.includes(`Approval #${approval.id}`)))).toEqual(
      [],
    );
  });
});
