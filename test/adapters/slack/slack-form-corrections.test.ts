// A refused modal submission is corrected in the same view, as Slack lets people do: Slack answers
// `response_action: errors`, keeps the modal open, and the next Submit carries the same view id and hash. Every form
// is walked through the real receiver with signed payloads, from the button that opens it to what it changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeView } from '../../fakes/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

const GENERIC_SECRET = 'generic-secret-0123456789abcdef';
const TRIAGE = 'C0TRIAGE';
const LEAD = 'U1';
const OPS = 'U2';

interface Button {
  action_id: string;
  value?: string;
}
type Values = Record<string, Record<string, unknown>>;

let h: SlackHarness;
let room = '';

const text = (value: string) => ({ type: 'plain_text_input', value });
const choice = (value: string) => ({ type: 'static_select', selected_option: { value } });
const radio = (value: string) => ({ type: 'radio_buttons', selected_option: { value } });

/** The newest button in `channel` whose action id matches. */
function button(channel: string, actionId: RegExp): Button | undefined {
  for (const message of [...h.fake.messages].reverse().filter((m) => m.channel === channel)) {
    for (const block of (message.blocks ?? []) as Array<{ elements?: Button[]; accessory?: Button }>) {
      const hit = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])].find((e) =>
        actionId.test(e.action_id ?? ''),
      );
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Presses a button as drawn and returns the modal it opened (with the view id Slack gave it). */
async function openModal(channel: string, actionId: RegExp, user: string): Promise<FakeView> {
  await h.fake.waitFor(() => button(channel, actionId) !== undefined);
  const b = button(channel, actionId) as Button;
  const before = h.fake.views.length;
  await h.click({ action_id: b.action_id, value: b.value ?? '', user_id: user, channel_id: channel });
  await h.fake.waitFor(() => h.fake.views.length > before);
  return h.fake.views.at(-1) as FakeView;
}

/** Submits `modal` as Slack does: same view id (and hash) every time it is submitted. */
async function submit(
  modal: FakeView,
  user: string,
  values: Values,
): Promise<{ response_action?: string; errors?: Record<string, string>; view?: Record<string, unknown> }> {
  const view = modal.view as { callback_id: string; private_metadata?: string };
  const res = await h.submit({
    user_id: user,
    callback_id: view.callback_id,
    private_metadata: view.private_metadata ?? '',
    values,
    view_id: modal.id,
  });
  expect(res.status).toBe(200);
  return (res.json ?? {}) as { response_action?: string; errors?: Record<string, string> };
}

async function say(textTyped: string, user: string, channel = room): Promise<string> {
  const { responseUrl } = await h.command(textTyped, { channel_id: channel, user_id: user });
  return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
}

const entries = (incident: number, kind: string) => {
  const id = h.app.store.incidents.byNumber(incident)?.id ?? 0;
  return h.app.store.timeline
    .forIncident(id)
    .filter((e) => e.kind === kind)
    .map((e) => JSON.parse(e.payload) as Record<string, unknown>);
};
const messageWith = (channel: string, needle: string) =>
  h.fake.messages.find((m) => m.channel === channel && JSON.stringify(m.blocks ?? m.text).includes(needle));

beforeAll(async () => {
  const policyFile = join(tmpdir(), `warroom-policy-corrections-${process.pid}.yaml`);
  writeFileSync(
    policyFile,
    readFileSync(new URL('../../../config/policy.yaml', import.meta.url), 'utf8').replace(
      'triage_channel: triage',
      `triage_channel: ${TRIAGE}`,
    ),
  );
  h = await startSlackHarness({ WEBHOOK_SECRET_GENERIC: GENERIC_SECRET, WARROOM_POLICY: policyFile });
  h.fake.seedChannel({ name: 'triage', id: TRIAGE, members: ['UBOT', 'U1', 'U2', 'U3'] });
  ({ channelId: room } = await h.declare('Checkout returns 500s', LEAD));
  expect(await say('playbook attach service-outage', LEAD)).toMatch(/Attached/);
  expect(await say(`role ops <@${OPS}>`, LEAD)).toMatch(/is now \*ops\*/);
});
afterAll(() => h.stop());

describe('a refused form is corrected in the same view (Slack does not retry interactions)', () => {
  it('Skip: an empty reason is refused, the corrected reason skips the step and updates the checklist', async () => {
    const modal = await openModal(room, /^step:skip:assign-roles$/, LEAD);
    const checklist = () => messageWith(room, 'Service outage or degradation · Triage and assess impact');
    const updatesBefore = checklist()?.updates ?? 0;
    expect(await submit(modal, LEAD, { reason: { reason: text('') } })).toEqual({
      response_action: 'errors',
      errors: { reason: 'Say why in a few words: it goes into the timeline.' },
    });
    expect(entries(1, 'step.skipped')).toEqual([]);

    expect(
      await submit(modal, LEAD, { reason: { reason: text('roles were handed out before the playbook') } }),
    ).toEqual({});
    await h.fake.waitFor(() => entries(1, 'step.skipped').length === 1);
    expect(entries(1, 'step.skipped')[0]).toMatchObject({
      stepId: 'assign-roles',
      reason: 'roles were handed out before the playbook',
      via: 'form',
    });
    await h.fake.waitFor(() => (checklist()?.updates ?? 0) > updatesBefore);
    expect(JSON.stringify(checklist()?.blocks)).toContain('roles were handed out before the playbook');
  });

  it('Reject: an empty reason is refused, the corrected reason rejects the request and updates its message', async () => {
    expect(await say('step done confirm-impact', OPS)).toMatch(/^Marked/);
    expect(await say('step skip status-page-initial internal only, no customers', LEAD)).toMatch(/^Skipped/);
    expect(await say('step answer recent-change Yes', OPS)).toMatch(/^Answered/);
    expect(await say('step request rollback-deploy', OPS)).toMatch(/^Requested/);
    const modal = await openModal(room, /^approval\.reject$/, LEAD);
    expect(await submit(modal, LEAD, { reason: { reason: text('no') } })).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringMatching(/Say why/) },
    });
    expect(entries(1, 'action.rejected')).toEqual([]);

    expect(
      await submit(modal, LEAD, { reason: { reason: text('the deploy is not the cause: the pool config is') } }),
    ).toEqual({});
    await h.fake.waitFor(() => entries(1, 'action.rejected').length === 1);
    expect(entries(1, 'action.rejected')[0]).toMatchObject({
      action: 'rollback_deploy',
      reason: 'the deploy is not the cause: the pool config is',
    });
    await h.fake.waitFor(() => button(room, /^approval\.approve$/) === undefined);
  });

  it('Update status: no status picked is refused, then the picked status is recorded', async () => {
    const modal = await openModal(room, /^incident\.update_status$/, LEAD);
    expect(
      await submit(modal, LEAD, {
        status: { status: { type: 'static_select', selected_option: null } },
        note: { note: text('') },
      }),
    ).toMatchObject({ response_action: 'errors', errors: { status: expect.stringMatching(/^Pick one of/) } });
    expect(
      await submit(modal, LEAD, {
        status: { status: choice('identified') },
        note: { note: text('pool size 1 after a config push') },
      }),
    ).toEqual({});
    await h.fake.waitFor(() => entries(1, 'status.changed').some((e) => e.to === 'identified'));
    expect(entries(1, 'status.changed').at(-1)).toMatchObject({
      to: 'identified',
      note: 'pool size 1 after a config push',
      via: 'form',
    });
  });

  it('Declare: an empty title is refused, the corrected title declares and opens a war room', async () => {
    const before = h.fake.views.length;
    await h.command('declare sev2', { user_id: OPS, channel_id: 'C0GENERAL' });
    await h.fake.waitFor(() => h.fake.views.length > before);
    const modal = h.fake.views.at(-1) as FakeView;
    const values = (title: string): Values => ({
      title: { title: text(title) },
      severity: { severity: choice('sev2') },
    });
    expect(await submit(modal, OPS, values('  '))).toMatchObject({
      response_action: 'errors',
      errors: { title: expect.stringMatching(/title/) },
    });
    expect(h.app.store.incidents.byNumber(2) ?? null).toBeNull();
    expect(await submit(modal, OPS, values('Search returns nothing'))).toEqual({});
    await h.fake.waitFor(() => (h.app.store.incidents.byNumber(2)?.channelId ?? null) !== null);
    expect(h.app.store.incidents.byNumber(2)).toMatchObject({
      title: 'Search returns nothing',
      severity: 'sev2',
      leadId: OPS,
    });
    await h.fake.waitFor(() =>
      h.fake.ephemerals.some((e) => e.user === OPS && /Declared \*INC-0002\*/.test(e.text ?? '')),
    );
  });

  it('Dismiss: a too-short reason is refused, the corrected reason dismisses the triage alert', async () => {
    const body = JSON.stringify({
      title: 'Wiki search slow',
      severity: 'low',
      service: 'internal-wiki',
      fingerprint: 'wiki-1',
    });
    const signature = `sha256=${createHmac('sha256', GENERIC_SECRET).update(body).digest('hex')}`;
    const res = await fetch(`${h.app.url}/webhooks/alerts/generic`, {
      method: 'POST',
      headers: { 'x-warroom-signature': signature, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(202);
    const modal = await openModal(TRIAGE, /^alert\.dismiss$/, OPS);
    expect(await submit(modal, OPS, { reason: { reason: text('no') } })).toMatchObject({
      response_action: 'errors',
      errors: { reason: 'Say why in a few words (it is recorded).' },
    });
    expect(await submit(modal, OPS, { reason: { reason: text('known slow reindex, OPS-42') } })).toEqual({});
    await h.fake.waitFor(() => h.app.store.alerts.latest('generic', 'wiki-1')?.triage === 'dismissed');
    expect(h.app.store.alerts.latest('generic', 'wiki-1')).toMatchObject({
      triageBy: OPS,
      triageReason: 'known slow reindex, OPS-42',
    });
    await h.fake.waitFor(() =>
      JSON.stringify(messageWith(TRIAGE, 'Wiki search slow')?.blocks).includes('Dismissed by'),
    );
  });

  it('Postmortem: an empty why and a finalize without category are refused, and corrected in the same modal', async () => {
    expect(await say('resolve anyway', LEAD)).toMatch(/resolved/);
    const modal = await openModal(room, /^postmortem\.start$/, LEAD);
    expect((modal.view as { callback_id: string }).callback_id).toBe('postmortem.why');
    const next = { pm_next: { pm_next: radio('next') } };
    expect(
      await submit(modal, LEAD, {
        pm_problem: { pm_problem: text('Checkout returned 5xx for 20 minutes') },
        pm_answer: { pm_answer: text('') },
        ...next,
      }),
    ).toMatchObject({
      response_action: 'errors',
      errors: { pm_answer: 'Write the answer: it becomes the next question.' },
    });
    expect(entries(1, 'postmortem.why_added')).toEqual([]);
    const updated = await submit(modal, LEAD, {
      pm_problem: { pm_problem: text('Checkout returned 5xx for 20 minutes') },
      pm_answer: { pm_answer: text('the connection pool was exhausted') },
      pm_next: { pm_next: radio('details') },
    });
    expect(updated.response_action).toBe('update');
    expect(entries(1, 'postmortem.why_added')).toMatchObject([
      { depth: 1, answer: 'the connection pool was exhausted' },
    ]);

    // The details modal replaced the why modal in place: Slack keeps the view id (and changes the hash).
    const details: FakeView = { id: modal.id, trigger_id: modal.trigger_id, view: updated.view ?? {} };
    expect((details.view as { callback_id: string }).callback_id).toBe('postmortem.details');
    const finalize = { pm_next: { pm_next: radio('finalize') } };
    expect(
      await submit(details, LEAD, { pm_lesson: { pm_lesson: text('pool size needs a floor') }, ...finalize }),
    ).toMatchObject({
      response_action: 'errors',
      errors: { pm_next: expect.stringMatching(/^Set the root-cause category before finalizing/) },
    });
    expect(entries(1, 'postmortem.finalized')).toEqual([]);
    // Slack keeps what was typed: the lesson (saved by the refused submission) comes again and is not saved twice.
    const finalized = await submit(details, LEAD, {
      pm_category: { pm_category: choice('configuration') },
      pm_lesson: { pm_lesson: text('pool size needs a floor') },
      ...finalize,
    });
    expect(finalized.response_action).toBe('update');
    expect(JSON.stringify(finalized.view)).toContain('*Finalized.*');
    await h.fake.waitFor(() => entries(1, 'postmortem.finalized').length === 1);
    expect(entries(1, 'postmortem.note_added')).toMatchObject([{ kind: 'lesson', text: 'pool size needs a floor' }]);
    expect(h.app.store.postmortems.forIncident(h.app.store.incidents.byNumber(1)?.id ?? 0)).toMatchObject({
      state: 'finalized',
      category: 'configuration',
    });
  });
});

describe('real duplicates are still dropped', () => {
  it('an Events API retry (same event_id, x-slack-retry-num) and a retried slash command (same trigger_id) run once', async () => {
    const graph = h.fake.seedMessage({ channel: room, user: OPS, text: 'p99 back at 180 ms' });
    const event = {
      type: 'reaction_added',
      user: LEAD,
      reaction: 'pushpin',
      item_user: OPS,
      item: { type: 'message', channel: room, ts: graph.ts },
      event_ts: `${Date.now() / 1000}`,
    };
    await h.event(event, { event_id: 'Ev0DUPLICATE1' });
    await h.event(event, { event_id: 'Ev0DUPLICATE1', retryNum: 1 });
    await h.fake.waitFor(() => entries(1, 'message.pinned').length === 1);

    const trigger = `${13345224609}.${Date.now()}.abcdefabcdef`;
    const first = await h.command('note pool size set to 50', { channel_id: room, user_id: LEAD, trigger_id: trigger });
    await h.waitForReplies(first.responseUrl, 1);
    const again = await h.command('note pool size set to 50', { channel_id: room, user_id: LEAD, trigger_id: trigger });
    expect(again.status).toBe(200);
    expect(entries(1, 'note.added').filter((e) => e.text === 'pool size set to 50')).toHaveLength(1);
    expect(h.replies(again.responseUrl)).toEqual([]);
  });
});
