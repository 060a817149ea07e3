import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreSettings } from '../../../src/core/context.js';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import { recordWarRoomOpened } from '../../../src/core/incident/record-war-room-opened.js';
import { changeStatus } from '../../../src/core/incident/change-status.js';
import { assignRole } from '../../../src/core/roles/assign-role.js';
import type { FakeBotFramework } from '../../fakes/fake-bot-framework.js';
import {
  dialogCard,
  dialogInputs,
  objects,
  said,
  submitData,
  type Json,
  type TeamsClient,
} from '../../support/teams-invoke.js';
import { startTeamsRoute, type TeamsRoute } from '../../support/teams-route.js';
import { ransomwarePlaybook } from '../../support/test-playbook.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const ROOM = '19:room@thread.tacv2';
const OPS = '19:ops@thread.tacv2';

let route: TeamsRoute;
let fake: FakeBotFramework;
let client: TeamsClient;
let t: TestStore;
let settings: CoreSettings;

const PEOPLE = {
  carol: { id: '29:1carol', name: 'Carol Medina', aadObjectId: 'aad-carol' },
  bob: { id: '29:1bob', name: 'Bob Ito', aadObjectId: 'aad-bob' },
};
type Who = keyof typeof PEOPLE;

beforeEach(async () => {
  t = openTestStore();
  settings = { ...t.ctx().settings, platform: 'teams', playbooks: [ransomwarePlaybook] };
  route = await startTeamsRoute(t, { settings, people: Object.values(PEOPLE) });
  fake = route.bot;
  client = route.client;
});
afterEach(async () => {
  await route.stop();
  t.close();
});

/** Where a card in the war room (or `channel`) is pressed: a thread of it, answering the card's post. */
const at = (channel = ROOM) => ({
  channelId: channel,
  conversationId: `${channel};messageid=1732500000000`,
  replyToId: '1732500000000',
});
/** An invoke from a card in a channel thread (`channel`), as Teams sends it. */
const invoke = (who: Who, name: string, value: unknown, channel = ROOM) =>
  client.invoke(PEOPLE[who], name, value, at(channel));
const post = (body: unknown) => client.post(body);
/** A button press (`Action.Execute`): its verb, its data with the card's inputs merged in, as Teams sends them. */
const click = (who: Who, verb: string, data: Json, channel = ROOM) =>
  client.press(PEOPLE[who], { type: 'Action.Execute', verb, data }, at(channel));

/** Carol declares (and leads); the war room is the channel ROOM. */
function declared() {
  const incident = declareIncident({
    ctx: t.ctx({ type: 'teams', userId: 'aad-carol' }, settings),
    input: { title: 'Ransom note on fin-ws-12', severity: 'sev2' },
  });
  recordWarRoomOpened({
    ctx: t.ctx({ type: 'system' }, settings),
    input: { incidentId: incident.id, channelId: ROOM, channelName: incident.plannedChannelName },
  });
  const runId = t.store.playbooks.runsFor(incident.id)[0]?.id ?? 0;
  return { incidentId: incident.id, runId };
}
const timeline = (incidentId: number) => t.store.timeline.forIncident(incidentId).map((e) => e.kind);

describe('Teams: card buttons (adaptiveCard/action)', () => {
  it('Acknowledge on the header acknowledges, answers the clicker, and kicks the outbox to edit the card', async () => {
    const { incidentId } = declared();
    expect(await click('bob', 'incident.acknowledge', { incidentId })).toEqual(said('You acknowledged INC-0001.'));
    expect(t.store.incidents.byId(incidentId)?.status).toBe('investigating');
    expect(timeline(incidentId)).toContain('incident.acknowledged');
    expect(route.kicks.dispatcher).toBe(1);
    // Answered in the invoke: nothing was posted to the conversation.
    expect(fake.connectorCalls).toEqual([]);
  });

  it('a refused click answers only the clicker with the refusal and changes nothing', async () => {
    const { incidentId } = declared();
    await click('bob', 'incident.acknowledge', { incidentId });
    const before = timeline(incidentId);
    expect(await click('carol', 'incident.acknowledge', { incidentId })).toEqual(said(/already/i));
    expect(timeline(incidentId)).toEqual(before);
    expect(fake.connectorCalls).toEqual([]);
  });

  it('a stale or misplaced button is refused: data that does not decode, a card copied into another channel', async () => {
    const { incidentId } = declared();
    expect(await click('carol', 'incident.acknowledge', { incidentId: 'one' })).toEqual(
      said('That button is out of date.'),
    );
    expect(await click('carol', 'step.done', { r: 'x' })).toEqual(
      said('That button is out of date. Scroll to the latest checklist message.'),
    );
    expect(await click('carol', 'incident.acknowledge', { incidentId }, '19:elsewhere@thread.tacv2')).toEqual(
      said("That button does not belong to this channel's incident."),
    );
    expect(t.store.incidents.byId(incidentId)?.status).toBe('declared');
    expect(timeline(incidentId)).not.toContain('incident.acknowledged');
  });

  it('Request, then Approve: never by whoever requested it; by the lead it runs', async () => {
    const { incidentId, runId } = declared();
    assignRole({
      ctx: t.ctx({ type: 'teams', userId: 'aad-carol' }, settings),
      input: { incidentId, role: 'ops', userId: 'aad-bob' },
    });
    expect(await click('bob', 'step.request', { r: runId, s: 'isolate' })).toEqual(
      said('Requested. Someone other than you with the lead role must approve it.'),
    );
    const approval = t.store.approvals.openFor(runId, 'isolate');
    if (!approval) throw new Error('no approval');
    expect(await click('bob', 'approval.approve', { approvalId: approval.id, reason: '' })).toEqual(
      said(/^You requested isolate_host; someone else .* \(four eyes\)\.$/),
    );
    expect(t.store.approvals.byId(approval.id)?.status).toBe('pending');
    const actionKicks = route.kicks.actions;
    expect(await click('carol', 'approval.approve', { approvalId: approval.id, reason: '' })).toEqual(
      said('Approved isolate_host; it runs now.'),
    );
    expect(t.store.approvals.byId(approval.id)?.status).toBe('approved');
    expect(route.kicks.actions).toBeGreaterThan(actionKicks);
  });

  it('Skip takes its reason from the card’s reason box: none is refused, one is recorded', async () => {
    const { incidentId, runId } = declared();
    expect(await click('carol', 'step.skip', { r: runId, s: 'scope', reason: '' })).toEqual(
      said('Say why in a few words: it goes into the timeline.'),
    );
    expect(timeline(incidentId)).not.toContain('step.skipped');
    expect(await click('carol', 'step.skip', { r: runId, s: 'scope', reason: 'scoped by the EDR already' })).toEqual(
      said(/^Done/),
    );
    expect(JSON.parse(t.store.timeline.forIncident(incidentId).at(-1)?.payload ?? '{}')).toMatchObject({
      stepId: 'scope',
      reason: 'scoped by the EDR already',
      via: 'form',
    });
  });

  it('on a client without Universal Actions the Action.Submit fallback does the same, answered in the person’s chat with the bot', async () => {
    const { incidentId } = declared();
    // What an older client sends for the button: a message without text whose value is the fallback's data.
    const fallback = client.message(PEOPLE.bob, '', at(), {
      text: undefined,
      entities: undefined,
      value: { verb: 'incident.acknowledge', incidentId },
    });
    expect((await post(fallback)).status).toBe(200);
    expect(t.store.incidents.byId(incidentId)?.status).toBe('investigating');
    const [open, told] = fake.connectorCalls;
    expect(open).toMatchObject({ method: 'POST', path: '/v3/conversations', body: { members: [{ id: '29:1bob' }] } });
    expect(told?.path).toMatch(/^\/v3\/conversations\/a%3Apersonal-chat/);
    expect(JSON.stringify(told?.body)).toContain('You acknowledged INC-0001.');
    expect(fake.connectorCalls).toHaveLength(2);
  });
});

describe('Teams: dialogs (task modules)', () => {
  it('declare: the typed command offers the dialog; a missing title is shown under it, then the corrected form declares', async () => {
    expect((await client.say(PEOPLE.carol, 'declare sev2', at(OPS))).status).toBe(200);
    // The answer in the thread carries the button that opens the dialog.
    const offered = fake.connectorCalls.at(-1)?.body;
    const opener = objects(offered).find((o) => o.type === 'Action.Submit')?.data as Json;
    expect(opener).toEqual({
      msteams: { type: 'task/fetch' },
      verb: 'dialog.declare',
      originChannelId: '19:ops@thread.tacv2',
      severity: 'sev2',
    });

    const form = dialogCard(await client.fetchTask(PEOPLE.carol, opener, at(OPS)));
    expect(dialogInputs(form).map((o) => [o.id, o.value])).toEqual([
      ['field.title', undefined],
      ['field.severity', 'sev2'],
    ]);
    const submit = submitData(form);
    expect(submit).toMatchObject({
      verb: 'dialog.submit',
      form: { id: 'declare', context: { originChannelId: '19:ops@thread.tacv2' } },
    });

    const refused = dialogCard(
      await client.submitTask(PEOPLE.carol, form, { 'field.title': '  ', 'field.severity': 'sev1' }, at(OPS)),
    );
    const body = refused.body as Json[];
    const titleAt = body.findIndex((o) => o.id === 'field.title');
    expect(body[titleAt + 1]).toMatchObject({
      type: 'TextBlock',
      color: 'Attention',
      text: 'The incident needs a title.',
    });
    // What was chosen stays chosen.
    expect(body.find((o) => o.id === 'field.severity')?.value).toBe('sev1');
    expect(t.store.incidents.listAll()).toEqual([]);

    const done = await client.submitTask(
      PEOPLE.carol,
      refused,
      { 'field.title': 'Checkout returns 500s', 'field.severity': 'sev1' },
      at(OPS),
    );
    expect(done).toEqual({
      status: 200,
      body: {
        task: {
          type: 'message',
          value: expect.stringMatching(/^Declared INC-0001 \(SEV1\): Checkout returns 500s\. You lead it/),
        },
      },
    });
    expect(t.store.incidents.listAll()).toMatchObject([
      { title: 'Checkout returns 500s', severity: 'sev1', declaredBy: 'aad-carol', leadId: 'aad-carol' },
    ]);
    expect(route.kicks.dispatcher).toBeGreaterThan(0);
  });

  it('postmortem: Start postmortem opens the 5 Whys dialog; each why replaces the form, details close it', async () => {
    const { incidentId } = declared();
    changeStatus({
      ctx: t.ctx({ type: 'teams', userId: 'aad-carol' }, settings),
      input: { incidentId, status: 'resolved', note: null, via: 'command', confirmOpenWork: true },
    });
    const opener = { msteams: { type: 'task/fetch' }, verb: 'postmortem.start', incidentId };
    const why1 = dialogCard(await client.fetchTask(PEOPLE.carol, opener, at()));
    expect(dialogInputs(why1).map((o) => o.id)).toEqual(['field.problem', 'field.answer', 'field.next']);

    const send = (c: Json, values: Json) => client.submitTask(PEOPLE.carol, c, values, at());
    // No answer while asking for the next why: refused under the answer, the problem statement kept as typed.
    const refused = dialogCard(
      await send(why1, { 'field.problem': 'Checkout failed for 20 minutes', 'field.answer': '', 'field.next': 'next' }),
    );
    const body = refused.body as Json[];
    expect(body[body.findIndex((o) => o.id === 'field.answer') + 1]).toMatchObject({
      color: 'Attention',
      text: 'Write the answer: it becomes the next question.',
    });
    expect(body.find((o) => o.id === 'field.problem')?.value).toBe('Checkout failed for 20 minutes');

    const why2 = dialogCard(
      await send(refused, {
        'field.problem': 'Checkout failed for 20 minutes',
        'field.answer': 'A bad deploy',
        'field.next': 'next',
      }),
    );
    expect(submitData(why2)).toMatchObject({
      form: { id: 'postmortem_why', subtitle: 'Why 2', context: { depth: 2 } },
    });
    const details = dialogCard(await send(why2, { 'field.answer': 'No canary', 'field.next': 'details' }));
    expect(submitData(details)).toMatchObject({ form: { id: 'postmortem_details' } });
    // Saved and closed: an empty 200 closes the dialog.
    expect(await send(details, { 'field.lesson': 'Canary every deploy', 'field.next': 'close' })).toEqual({
      status: 200,
      body: null,
    });
    expect(timeline(incidentId).filter((k) => k.startsWith('postmortem.'))).toEqual([
      'postmortem.started',
      'postmortem.problem_set',
      'postmortem.why_added',
      'postmortem.why_added',
      'postmortem.note_added',
    ]);
    expect(t.store.postmortems.forIncident(incidentId)?.problem).toBe('Checkout failed for 20 minutes');
  });

  it('Update status opens the status form as a dialog; a pick outside the list is refused, a real one closes it', async () => {
    const { incidentId } = declared();
    const form = dialogCard(
      await client.fetchTask(
        PEOPLE.carol,
        { msteams: { type: 'task/fetch' }, verb: 'incident.update_status', incidentId },
        at(),
      ),
    );
    expect(dialogInputs(form).map((o) => [o.type, o.id])).toEqual([
      ['Input.ChoiceSet', 'field.status'],
      ['Input.Text', 'field.note'],
    ]);
    const send = (c: Json, values: Json) => client.submitTask(PEOPLE.carol, c, values, at());
    const refused = dialogCard(await send(form, { 'field.status': 'bogus', 'field.note': 'bad deploy' }));
    expect(objects(refused).find((o) => o.color === 'Attention')?.text).toMatch(/^Pick one of/);
    expect(await send(refused, { 'field.status': 'identified', 'field.note': 'bad deploy' })).toEqual({
      status: 200,
      body: null,
    });
    expect(t.store.incidents.byId(incidentId)?.status).toBe('identified');
  });

  it('a forged or out-of-date submission is answered in the dialog and declares nothing', async () => {
    const res = await post(
      invoke('carol', 'task/submit', { data: { verb: 'dialog.submit', form: { id: 'declare' }, 'field.title': 'x' } }),
    );
    expect(res).toEqual({
      status: 200,
      body: { task: { type: 'message', value: 'This dialog is out of date; open it again.' } },
    });
    expect(t.store.incidents.listAll()).toEqual([]);
  });
});
