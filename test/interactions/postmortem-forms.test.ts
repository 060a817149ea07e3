import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import {
  postmortemForm,
  pressButton,
  submitForm,
  type FormView,
  type InteractionResult,
} from '../../src/interactions/index.js';
import { interactionEnv, openWarRoom } from '../support/interaction-env.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
let incidentId: number;
let room: string;
beforeEach(() => {
  t = openTestStore();
  const incident = declareIncident({
    ctx: t.ctx('alice'),
    input: { title: 'Checkout returns 500s', severity: 'sev2' },
  });
  incidentId = incident.id;
  room = openWarRoom(t, incident);
});
afterEach(() => t.close());

const start = (user: string) => pressButton({ kind: 'postmortem-start', incidentId }, interactionEnv(t, user, room));
const formOf = (result: InteractionResult): FormView => {
  if (result.type !== 'open-form') throw new Error(`expected a form, got ${JSON.stringify(result)}`);
  return result.form;
};
const submit = (user: string, form: FormView, values: Record<string, string>) =>
  submitForm({ formId: form.id, context: form.context, values }, interactionEnv(t, user, null));
const field = (form: FormView, id: string) => form.fields.find((f) => f.id === id);
const postmortemKinds = () =>
  t.store.timeline
    .forIncident(incidentId)
    .map((e) => e.kind)
    .filter((k) => k.startsWith('postmortem.'));

describe('Start postmortem', () => {
  it('is refused privately before the incident is resolved', () => {
    expect(start('bob')).toEqual({
      type: 'private',
      text: expect.stringMatching(/^INC-0001 is declared\. The postmortem starts once it is resolved/),
    });
  });

  it('starts it and opens Why 1, the problem pre-filled, with where it stands in words beside the form', () => {
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId, status: 'resolved' } });
    const started = start('bob');
    expect(started).toMatchObject({
      type: 'open-form',
      text: expect.stringMatching(/^\*INC-0001 postmortem\* \(draft\)\nProblem: Checkout returns 500s/),
    });
    const why1 = formOf(started);
    expect(why1).toMatchObject({
      id: 'postmortem_why',
      title: 'INC-0001 postmortem',
      subtitle: 'Why 1',
      submit: 'Save Why 1',
      cancel: 'Done for now',
      context: { incidentId, channelId: room, chain: 1, depth: 1 },
    });
    expect(why1.fields.map((f) => [f.id, f.kind, f.required])).toEqual([
      ['problem', 'text', true],
      ['answer', 'long-text', false],
      ['next', 'choice', true],
    ]);
    expect(field(why1, 'problem')).toMatchObject({ initial: 'Checkout returns 500s' });
    expect(field(why1, 'answer')?.label).toBe('Why 1 (chain 1): Why did this happen: Checkout returns 500s?');
    // The same form for `/incident postmortem`.
    expect(formOf(postmortemForm(incidentId, interactionEnv(t, 'bob', room)))).toEqual(why1);
    expect(postmortemKinds()).toEqual(['postmortem.started']);
  });
});

describe('the 5 Whys, one why per form', () => {
  beforeEach(() => {
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId, status: 'resolved' } });
  });

  it('saves each answer on its own, refuses a blank one and a stale form, and moves to the next why', () => {
    const why1 = formOf(start('bob'));
    expect(submit('bob', why1, { problem: 'Checkout returns 500s', answer: '  ', next: 'next' })).toEqual({
      type: 'form-errors',
      errors: { answer: 'Write the answer: it becomes the next question.' },
    });
    const saved = submit('bob', why1, {
      problem: 'Checkout returns 500s',
      answer: 'the <pool> was exhausted',
      next: 'next',
    });
    expect(saved).toMatchObject({
      type: 'open-form',
      text: expect.stringContaining('→ *the &lt;pool&gt; was exhausted*'),
    });
    const why2 = formOf(saved);
    expect(why2).toMatchObject({ subtitle: 'Why 2', context: { chain: 1, depth: 2 } });
    expect(field(why2, 'problem')).toBeUndefined();
    // The chain so far is above the fields, user text through the surface's escaping.
    expect(why2.notes.map((n) => n.text)).toEqual([
      '*Problem:* Checkout returns 500s',
      '*Causal chain 1*\n1. Why did this happen: Checkout returns 500s?\n      → *the &lt;pool&gt; was exhausted*',
    ]);
    // Sent back unchanged, the pre-filled problem changed nothing; only the why was recorded.
    expect(postmortemKinds()).toEqual(['postmortem.started', 'postmortem.why_added']);
    // The first form again (left open, or a double submit): refused, the first answer stays.
    expect(submit('carol', why1, { answer: 'a bad deploy', next: 'next' })).toEqual({
      type: 'form-errors',
      errors: {
        answer:
          'Why 1 of chain 1 was answered meanwhile: "the <pool> was exhausted". Your answer was not saved; answer Why 2 instead.',
      },
    });
    expect(
      submitForm(
        { formId: 'postmortem_why', context: { incidentId }, values: { answer: 'x' } },
        interactionEnv(t, 'bob', null),
      ),
    ).toEqual({
      type: 'form-errors',
      errors: { answer: 'This dialog is out of date; press Start postmortem again.' },
    });
  });

  it('starts another chain on request, or goes to the details without answering', () => {
    const why1 = formOf(start('bob'));
    const chain2 = formOf(submit('bob', why1, { answer: 'the payments client timed out', next: 'chain' }));
    expect(chain2).toMatchObject({ context: { chain: 2, depth: 1 } });
    const details = submit('bob', chain2, { answer: '', next: 'details' });
    expect(details).toEqual({
      type: 'open-form',
      form: expect.objectContaining({ id: 'postmortem_details', subtitle: 'details' }),
    });
    // bob does not lead: no finalize.
    expect(
      (field(formOf(details), 'next') as { options: Array<{ value: string }> }).options.map((o) => o.value),
    ).toEqual(['close', 'more', 'chain']);
    expect(postmortemKinds()).toEqual(['postmortem.started', 'postmortem.why_added', 'postmortem.chain_started']);
  });
});

describe('the details form and finalizing', () => {
  beforeEach(() => {
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId, status: 'resolved' } });
    submit('alice', formOf(start('alice')), { answer: 'a config push set the pool size to 1', next: 'next' });
  });

  const details = (user: string) => formOf(submit(user, formOf(start(user)), { answer: '', next: 'details' }));

  it('the lead finalizes; refused without a category, with the lesson kept, then corrected', () => {
    const form = details('alice');
    expect((field(form, 'next') as { options: Array<{ value: string }> }).options.map((o) => o.value)).toEqual([
      'close',
      'more',
      'chain',
      'finalize',
    ]);
    expect(form.notes.at(-1)).toEqual({
      text: '0 factor(s), 0 went well, 0 lesson(s), 0 corrective action(s) (`/incident action add`)',
      quiet: true,
    });
    expect(submit('alice', form, { lesson: 'pool size needs a floor', next: 'finalize' })).toEqual({
      type: 'form-errors',
      errors: { next: expect.stringMatching(/^Set the root-cause category before finalizing/) },
    });
    const finalized = submit('alice', form, {
      category: 'configuration',
      lesson: 'pool size needs a floor',
      next: 'finalize',
    });
    expect(finalized).toMatchObject({
      type: 'open-form',
      text: 'Postmortem finalized; its Markdown is posted in this channel. `/incident close` when you are ready.',
      form: { id: 'postmortem_summary', submit: null, cancel: 'Close', fields: [] },
    });
    expect(formOf(finalized).notes[0]?.text).toBe(
      '*Finalized.* The Markdown is posted in the war room. Root-cause category: *Configuration*.',
    );
    // The lesson sent twice (Slack keeps what was typed) is saved once.
    expect(postmortemKinds().filter((k) => k === 'postmortem.note_added')).toHaveLength(1);
    expect(t.store.postmortems.forIncident(incidentId)).toMatchObject({
      state: 'finalized',
      category: 'configuration',
    });
    // Start postmortem afterwards shows the summary.
    expect(formOf(start('bob')).id).toBe('postmortem_summary');
  });

  it('saves every field it can even when one is refused, and says which was not', () => {
    const form = details('bob');
    const result = submit('bob', form, { category: 'bad luck', factor: 'Config pushes skip canary', next: 'more' });
    expect(result).toEqual({
      type: 'form-errors',
      errors: { category: expect.stringMatching(/^Pick a root-cause category/) },
    });
    expect(t.store.postmortems.notes(t.store.postmortems.forIncident(incidentId)?.id ?? 0)).toMatchObject([
      { kind: 'factor', text: 'Config pushes skip canary', author: 'bob' },
    ]);
    expect(submit('bob', form, { category: 'change-deploy', next: 'more' })).toMatchObject({
      type: 'open-form',
      form: { id: 'postmortem_details' },
    });
    expect(submit('bob', form, { next: 'close' })).toEqual({ type: 'done' });
  });
});
