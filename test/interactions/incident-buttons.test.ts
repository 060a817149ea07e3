import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import type { Incident } from '../../src/core/incident/incident.js';
import { pressButton, submitForm, type InteractionResult } from '../../src/interactions/index.js';
import { interactionEnv, openWarRoom } from '../support/interaction-env.js';
import { ransomwarePlaybook } from '../support/test-playbook.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
let incident: Incident;
let room: string;
beforeEach(() => {
  t = openTestStore();
  incident = declareIncident({ ctx: t.ctx('alice'), input: { title: 'Checkout returns 500s', severity: 'sev2' } });
  room = openWarRoom(t, incident);
});
afterEach(() => t.close());

const press = (user: string, input: unknown, channelId: string | null = room) =>
  pressButton(input, interactionEnv(t, user, channelId));
const kinds = (id = incident.id) => t.store.timeline.forIncident(id).map((e) => e.kind);
const formOf = (result: InteractionResult) => {
  if (result.type !== 'open-form') throw new Error(`expected a form, got ${result.type}`);
  return result.form;
};

describe('the header buttons', () => {
  it('Acknowledge: the first click acknowledges, the second is refused privately', () => {
    expect(press('bob', { kind: 'acknowledge', incidentId: incident.id })).toEqual({
      type: 'private',
      text: 'You acknowledged INC-0001.',
    });
    expect(press('carol', { kind: 'acknowledge', incidentId: incident.id })).toMatchObject({
      type: 'private',
      text: expect.stringMatching(/^INC-0001 was already acknowledged/),
    });
    expect(kinds().filter((k) => k === 'incident.acknowledged')).toHaveLength(1);
  });

  it("I'll lead: the clicker leads", () => {
    expect(press('bob', { kind: 'take-lead', incidentId: incident.id })).toEqual({
      type: 'private',
      text: 'You now lead INC-0001.',
    });
    expect(t.store.incidents.byId(incident.id)?.leadId).toBe('bob');
  });

  it('acts only on the incident of the channel it was pressed in; a missing incident is the verb’s to say', () => {
    const other = declareIncident({ ctx: t.ctx('bob'), input: { title: 'Search is slow' } });
    openWarRoom(t, other);
    expect(press('bob', { kind: 'acknowledge', incidentId: other.id })).toEqual({
      type: 'stale',
      text: "That button does not belong to this channel's incident.",
    });
    expect(press('bob', { kind: 'resolve', incidentId: incident.id, confirmed: false }, 'CGENERAL')).toMatchObject({
      type: 'stale',
    });
    expect(press('bob', { kind: 'acknowledge', incidentId: 999 })).toEqual({
      type: 'private',
      text: 'No incident with id 999. Run `/incident list` to see open incidents.',
    });
    expect(kinds(other.id)).not.toContain('incident.acknowledged');
  });

  it('a press warroom never drew is thrown, for the adapter to log', () => {
    expect(() => press('bob', { kind: 'acknowledge', incidentId: Number('drop table') })).toThrow();
    expect(() => press('bob', { kind: 'launch-missiles' })).toThrow();
  });
});

describe('Update status and its form', () => {
  it('opens the form without the current status, answered in the channel it was opened from', () => {
    const form = formOf(press('bob', { kind: 'update-status', incidentId: incident.id }));
    expect(form).toMatchObject({
      id: 'update_status',
      title: 'Update INC-0001',
      submit: 'Update',
      context: { incidentId: incident.id, channelId: room },
    });
    expect(form.fields.map((f) => [f.id, f.kind, f.required])).toEqual([
      ['status', 'select', true],
      ['note', 'long-text', false],
    ]);
    expect(form.fields[0]).toMatchObject({
      label: 'Status (now declared)',
      options: ['investigating', 'identified', 'monitoring', 'resolved'].map((s) => ({ value: s, label: s })),
    });
  });

  it('refuses no status and a stale context under the status field; a good submission changes it quietly', () => {
    const form = formOf(press('bob', { kind: 'update-status', incidentId: incident.id }));
    const submit = (values: Record<string, string>, context: Record<string, unknown> = form.context) =>
      submitForm({ formId: 'update_status', context, values }, interactionEnv(t, 'bob', null));
    expect(submit({ note: 'x' })).toEqual({
      type: 'form-errors',
      errors: { status: 'Pick one of: investigating, identified, monitoring, resolved.' },
    });
    expect(submit({ status: 'monitoring' }, {})).toMatchObject({
      type: 'form-errors',
      errors: { status: expect.stringMatching(/^Pick one of/) },
    });
    expect(submit({ status: 'monitoring', note: '  rolled back  ' })).toEqual({ type: 'done' });
    expect(JSON.parse(t.store.timeline.forIncident(incident.id).at(-1)?.payload ?? '{}')).toMatchObject({
      to: 'monitoring',
      note: 'rolled back',
      via: 'form',
    });
    // The verb's own refusal goes under the field too.
    t.store.incidents.update(incident.id, { status: 'closed' });
    expect(submit({ status: 'identified' })).toMatchObject({
      type: 'form-errors',
      errors: { status: expect.any(String) },
    });
  });
});

describe('Resolve', () => {
  it('resolves, then says it is resolved already', () => {
    expect(press('alice', { kind: 'resolve', incidentId: incident.id, confirmed: false })).toEqual({
      type: 'private',
      text: 'INC-0001 is now *resolved*. When the dust settles, the lead closes it with `/incident close`.',
    });
    expect(press('alice', { kind: 'resolve', incidentId: incident.id, confirmed: false })).toEqual({
      type: 'private',
      text: 'INC-0001 is already resolved.',
    });
  });

  it('with playbook work open it asks, with a Resolve anyway button; from the status form too; confirmed, it resolves', () => {
    const settings = { playbooks: [ransomwarePlaybook] };
    const ransom = declareIncident({ ctx: t.ctx('alice', settings), input: { title: 'Ransom note on fin-ws-12' } });
    const ransomRoom = openWarRoom(t, ransom, settings);
    const asked = pressButton(
      { kind: 'resolve', incidentId: ransom.id, confirmed: false },
      interactionEnv(t, 'alice', ransomRoom, settings),
    );
    expect(asked).toMatchObject({
      type: 'private',
      text: expect.stringMatching(/still open: .+ Resolve INC-0002 anyway\?/),
      buttons: [
        {
          label: 'Resolve anyway',
          style: 'danger',
          press: { kind: 'resolve', incidentId: ransom.id, confirmed: true },
        },
      ],
    });
    const fromForm = submitForm(
      {
        formId: 'update_status',
        context: { incidentId: ransom.id, channelId: ransomRoom },
        values: { status: 'resolved' },
      },
      interactionEnv(t, 'alice', null, settings),
    );
    expect(fromForm).toMatchObject({ type: 'private', buttons: [{ press: { kind: 'resolve', confirmed: true } }] });
    expect(t.store.incidents.byId(ransom.id)?.status).toBe('declared');
    if (asked.type !== 'private' || !asked.buttons?.[0]) throw new Error('no confirm button');
    expect(pressButton(asked.buttons[0].press, interactionEnv(t, 'alice', ransomRoom, settings))).toMatchObject({
      type: 'private',
      text: expect.stringMatching(/is now \*resolved\*\. What was still open is on the timeline/),
    });
    expect(t.store.incidents.byId(ransom.id)?.status).toBe('resolved');
  });
});
