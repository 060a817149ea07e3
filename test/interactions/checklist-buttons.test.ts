import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { assignRole } from '../../src/core/roles/assign-role.js';
import { pressButton, submitForm, type ButtonPress } from '../../src/interactions/index.js';
import { interactionEnv, openWarRoom } from '../support/interaction-env.js';
import { ransomwarePlaybook } from '../support/test-playbook.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const settings = { playbooks: [ransomwarePlaybook] };
let t: TestStore;
let room: string;
let runId: number;
let incidentId: number;
beforeEach(() => {
  t = openTestStore();
  const incident = declareIncident({ ctx: t.ctx('alice', settings), input: { title: 'Ransom note on fin-ws-12' } });
  incidentId = incident.id;
  room = openWarRoom(t, incident, settings);
  runId = t.store.playbooks.runsFor(incident.id)[0]?.id ?? 0;
});
afterEach(() => t.close());

const press = (user: string, input: unknown, channelId = room) =>
  pressButton(input, interactionEnv(t, user, channelId, settings));
const step = (
  action: Extract<ButtonPress, { kind: 'step' }>['action'],
  stepId: string,
  answer: string | null = null,
) => ({ kind: 'step', action, runId, stepId, answer });
const kinds = () => t.store.timeline.forIncident(incidentId).map((e) => e.kind);

describe('checklist buttons', () => {
  it('Assign to me, Done, N/A and a decision answer each say what happened', () => {
    expect(press('alice', step('claim', 'scope'))).toEqual({
      type: 'private',
      text: 'It is yours: your name is on the step.',
    });
    expect(press('alice', step('done', 'scope'))).toEqual({ type: 'private', text: 'Marked done.' });
    expect(press('alice', step('answer', 'joined', 'Yes'))).toEqual({ type: 'private', text: 'Answered: Yes.' });
    expect(press('alice', step('done', 'scope'))).toMatchObject({
      type: 'private',
      text: expect.stringMatching(/already done/),
    });
    expect(kinds().filter((k) => k.startsWith('step.'))).toEqual(['step.claimed', 'step.completed', 'step.answered']);
  });

  it('Skip asks why, naming the step; the reason is required, then recorded', () => {
    const opened = press('alice', step('skip', 'scope'));
    expect(opened).toMatchObject({
      type: 'open-form',
      form: {
        id: 'skip_step',
        title: 'Skip step',
        submit: 'Skip',
        notes: [{ text: 'Identify &lt;affected&gt; hosts' }],
        context: { runId, stepId: 'scope', channelId: room },
        fields: [{ id: 'reason', label: 'Why skip it?' }],
      },
    });
    if (opened.type !== 'open-form') throw new Error('no form');
    const submit = (reason: string) =>
      submitForm(
        { formId: 'skip_step', context: opened.form.context, values: { reason } },
        interactionEnv(t, 'alice', null, settings),
      );
    expect(submit('')).toEqual({
      type: 'form-errors',
      errors: { reason: 'Say why in a few words: it goes into the timeline.' },
    });
    expect(submit('scoped by the EDR already')).toEqual({ type: 'done' });
    expect(JSON.parse(t.store.timeline.forIncident(incidentId).at(-1)?.payload ?? '{}')).toMatchObject({
      stepId: 'scope',
      reason: 'scoped by the EDR already',
      via: 'form',
    });
    expect(
      submitForm(
        { formId: 'skip_step', context: { runId }, values: { reason: 'x' } },
        interactionEnv(t, 'alice', null, settings),
      ),
    ).toEqual({
      type: 'form-errors',
      errors: { reason: 'This dialog is out of date; press the button again.' },
    });
  });

  it('a checklist button acts only in its incident’s war room', () => {
    expect(press('alice', step('done', 'scope'), 'CGENERAL')).toEqual({
      type: 'stale',
      text: "That button does not belong to this channel's incident.",
    });
    expect(kinds()).not.toContain('step.completed');
  });
});

describe('Request, Approve and Reject', () => {
  /** bob (ops) requests the isolation; the lead approves. */
  function requested(): number {
    assignRole({ ctx: t.ctx('alice', settings), input: { incidentId, role: 'ops', userId: 'bob' } });
    expect(press('bob', step('request', 'isolate'))).toEqual({
      type: 'private',
      text: 'Requested. Someone other than you with the lead role must approve it.',
    });
    const approval = t.store.approvals.openFor(runId, 'isolate');
    if (!approval) throw new Error('no approval');
    return approval.id;
  }

  it('Approve: never by whoever requested it; by the lead it runs', () => {
    const approvalId = requested();
    expect(press('bob', { kind: 'approve', approvalId })).toMatchObject({
      type: 'private',
      text: expect.stringMatching(/^You requested isolate_host; someone else .* \(four eyes\)\.$/),
    });
    expect(t.store.approvals.byId(approvalId)?.status).toBe('pending');
    expect(press('alice', { kind: 'approve', approvalId })).toEqual({
      type: 'private',
      text: 'Approved isolate_host; it runs now.',
    });
    expect(t.store.approvals.byId(approvalId)?.status).toBe('approved');
  });

  it('Reject asks why; the reason is required, then recorded', () => {
    const approvalId = requested();
    expect(press('alice', { kind: 'reject', approvalId })).toMatchObject({
      type: 'open-form',
      form: { id: 'reject_action', title: 'Reject action', submit: 'Reject', context: { approvalId, channelId: room } },
    });
    const submit = (reason: string) =>
      submitForm(
        { formId: 'reject_action', context: { approvalId, channelId: room }, values: { reason } },
        interactionEnv(t, 'alice', null, settings),
      );
    expect(submit('no')).toEqual({
      type: 'form-errors',
      errors: { reason: 'Say why you reject it (it is recorded).' },
    });
    expect(submit('the host is already offline')).toEqual({ type: 'done' });
    expect(t.store.approvals.byId(approvalId)).toMatchObject({
      status: 'rejected',
      reason: 'the host is already offline',
    });
  });
});
