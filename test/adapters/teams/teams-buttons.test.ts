import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterDeps } from '../../../src/adapters/adapter-deps.js';
import type { TeamsConfig } from '../../../src/config.js';
import type { CoreSettings } from '../../../src/core/context.js';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import { recordWarRoomOpened } from '../../../src/core/incident/record-war-room-opened.js';
import { changeStatus } from '../../../src/core/incident/change-status.js';
import { assignRole } from '../../../src/core/roles/assign-role.js';
import { createRouter } from '../../../src/http/router.js';
import { startTeams } from '../../../src/start-teams.js';
import { startFakeBotFramework, type FakeBotFramework } from '../../fakes/fake-bot-framework.js';
import { ransomwarePlaybook } from '../../support/test-playbook.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const APP_ID = '00000000-0000-4000-8000-00000000a11d';
const TENANT = '11111111-1111-4111-8111-111111111111';
const SECRET = 'fake-client-secret';
const ROOM = '19:room@thread.tacv2';
const MESSAGE = 'application/vnd.microsoft.activity.message';

let fake: FakeBotFramework;
let t: TestStore;
let server: Server;
let url: string;
let settings: CoreSettings;
let kicks: { dispatcher: number; actions: number };

beforeEach(async () => {
  fake = await startFakeBotFramework({ appId: APP_ID, clientSecret: SECRET });
  t = openTestStore();
  const config: TeamsConfig = {
    appId: APP_ID,
    clientSecret: SECRET,
    tenantId: TENANT,
    incidentTeamId: null,
    fallbackChannelId: '19:fallback@thread.tacv2',
    botName: 'warroom',
    serviceUrl: fake.serviceUrl,
    openIdMetadataUrl: fake.openIdMetadataUrl,
    emulatorOpenIdMetadataUrl: fake.openIdMetadataUrl,
    loginUrl: fake.loginUrl,
    graphUrl: 'http://127.0.0.1:9/graph',
  };
  const logger = pino({ level: 'silent' });
  settings = { ...t.ctx().settings, platform: 'teams', playbooks: [ransomwarePlaybook] };
  kicks = { dispatcher: 0, actions: 0 };
  // The outbox itself is not under test here: what matters is that a button kicks it (it then edits the card).
  const deps: AdapterDeps = {
    store: t.store,
    settings,
    logger,
    now: t.clock.now,
    dispatcher: { kick: () => void (kicks.dispatcher += 1), waitFor: async () => null, stop: async () => undefined },
    actions: { kick: () => void (kicks.actions += 1) },
  };
  server = createServer(createRouter([startTeams(config, { deps, db: t.database.db }).route], logger));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.stop();
  t.close();
});

const PEOPLE = {
  carol: { id: '29:1carol', name: 'Carol Medina', aadObjectId: 'aad-carol' },
  bob: { id: '29:1bob', name: 'Bob Ito', aadObjectId: 'aad-bob' },
};
type Who = keyof typeof PEOPLE;

let ids = 0;
/** An invoke from a card in a channel thread (`channel`), as Teams sends it. */
function invoke(who: Who, name: string, value: unknown, channel = ROOM) {
  ids += 1;
  return {
    type: 'invoke',
    name,
    id: `f:invoke-${ids}`,
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    timestamp: new Date().toISOString(),
    from: PEOPLE[who],
    recipient: { id: `28:${APP_ID}`, name: 'warroom' },
    conversation: {
      id: `${channel};messageid=1732500000000`,
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT,
    },
    channelData: { tenant: { id: TENANT }, channel: { id: channel }, team: { id: '19:team@thread.tacv2' } },
    replyToId: '1732500000000',
    value,
  };
}

async function post(body: unknown): Promise<{ status: number; body: unknown }> {
  const token = fake.sign({ aud: APP_ID, serviceurl: fake.serviceUrl });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** A button press (`Action.Execute`): its verb, its data with the card's inputs merged in, as Teams sends them. */
const click = (who: Who, verb: string, data: Record<string, unknown>, channel = ROOM) =>
  post(
    invoke(who, 'adaptiveCard/action', { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }, channel),
  );
/** The invoke's answer when it is a message only the clicker sees. */
const said = (text: string | RegExp) => ({
  status: 200,
  body: { statusCode: 200, type: MESSAGE, value: typeof text === 'string' ? text : expect.stringMatching(text) },
});

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
    expect(kicks.dispatcher).toBe(1);
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
    const actionKicks = kicks.actions;
    expect(await click('carol', 'approval.approve', { approvalId: approval.id, reason: '' })).toEqual(
      said('Approved isolate_host; it runs now.'),
    );
    expect(t.store.approvals.byId(approval.id)?.status).toBe('approved');
    expect(kicks.actions).toBeGreaterThan(actionKicks);
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
    ids += 1;
    const fallback = {
      ...invoke('bob', '', undefined),
      type: 'message',
      name: undefined,
      id: `old-${ids}`,
      value: { verb: 'incident.acknowledge', incidentId },
    };
    expect((await post(fallback)).status).toBe(200);
    expect(t.store.incidents.byId(incidentId)?.status).toBe('investigating');
    const [open, told] = fake.connectorCalls;
    expect(open).toMatchObject({ method: 'POST', path: '/v3/conversations', body: { members: [{ id: '29:1bob' }] } });
    expect(told?.path).toMatch(/^\/v3\/conversations\/a%3Apersonal-chat/);
    expect(JSON.stringify(told?.body)).toContain('You acknowledged INC-0001.');
    expect(fake.connectorCalls).toHaveLength(2);
  });
});

type Json = Record<string, unknown>;
/** Every object in a card, depth first. */
const objects = (node: unknown): Json[] =>
  Array.isArray(node)
    ? node.flatMap(objects)
    : typeof node === 'object' && node !== null
      ? [node as Json, ...Object.values(node).flatMap(objects)]
      : [];
/** A dialog answer (`task/fetch`, `task/submit`) that shows a card: the card. */
function dialogCard(res: { status: number; body: unknown }): Json {
  expect(res.status).toBe(200);
  const task = (res.body as { task?: { type?: string; value?: { card?: { contentType?: string; content?: Json } } } })
    .task;
  expect(task?.type).toBe('continue');
  expect(task?.value?.card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return task?.value?.card?.content ?? {};
}
const submitData = (card: Json) => objects(card).find((o) => o.type === 'Action.Submit')?.data as Json;

describe('Teams: dialogs (task modules)', () => {
  it('declare: the typed command offers the dialog; a missing title is shown under it, then the corrected form declares', async () => {
    ids += 1;
    const typed = {
      ...invoke('carol', '', undefined, '19:ops@thread.tacv2'),
      type: 'message',
      name: undefined,
      id: `typed-${ids}`,
      text: '<at>warroom</at> declare sev2',
      entities: [{ type: 'mention', text: '<at>warroom</at>', mentioned: { id: `28:${APP_ID}`, name: 'warroom' } }],
    };
    expect((await post(typed)).status).toBe(200);
    // The answer in the thread carries the button that opens the dialog.
    const offered = fake.connectorCalls.at(-1)?.body;
    const opener = objects(offered).find((o) => o.type === 'Action.Submit')?.data as Json;
    expect(opener).toEqual({
      msteams: { type: 'task/fetch' },
      verb: 'dialog.declare',
      originChannelId: '19:ops@thread.tacv2',
      severity: 'sev2',
    });

    const form = dialogCard(
      await post(invoke('carol', 'task/fetch', { data: opener, context: { theme: 'default' } }, '19:ops@thread.tacv2')),
    );
    expect(
      objects(form)
        .filter((o) => String(o.type).startsWith('Input.'))
        .map((o) => [o.id, o.value]),
    ).toEqual([
      ['field.title', undefined],
      ['field.severity', 'sev2'],
    ]);
    const submit = submitData(form);
    expect(submit).toMatchObject({
      verb: 'dialog.submit',
      form: { id: 'declare', context: { originChannelId: '19:ops@thread.tacv2' } },
    });

    const refused = dialogCard(
      await post(
        invoke(
          'carol',
          'task/submit',
          { data: { ...submit, 'field.title': '  ', 'field.severity': 'sev1' } },
          '19:ops@thread.tacv2',
        ),
      ),
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

    const done = await post(
      invoke(
        'carol',
        'task/submit',
        { data: { ...submitData(refused), 'field.title': 'Checkout returns 500s', 'field.severity': 'sev1' } },
        '19:ops@thread.tacv2',
      ),
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
    expect(kicks.dispatcher).toBeGreaterThan(0);
  });

  it('postmortem: Start postmortem opens the 5 Whys dialog; each why replaces the form, details close it', async () => {
    const { incidentId } = declared();
    changeStatus({
      ctx: t.ctx({ type: 'teams', userId: 'aad-carol' }, settings),
      input: { incidentId, status: 'resolved', note: null, via: 'command', confirmOpenWork: true },
    });
    const opener = { msteams: { type: 'task/fetch' }, verb: 'postmortem.start', incidentId };
    const why1 = dialogCard(await post(invoke('carol', 'task/fetch', { data: opener })));
    const inputs = (c: Json) =>
      objects(c)
        .filter((o) => String(o.type).startsWith('Input.'))
        .map((o) => o.id);
    expect(inputs(why1)).toEqual(['field.problem', 'field.answer', 'field.next']);

    const send = (c: Json, values: Json) =>
      post(invoke('carol', 'task/submit', { data: { ...submitData(c), ...values } }));
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
      await post(
        invoke('carol', 'task/fetch', {
          data: { msteams: { type: 'task/fetch' }, verb: 'incident.update_status', incidentId },
        }),
      ),
    );
    expect(
      objects(form)
        .filter((o) => String(o.type).startsWith('Input.'))
        .map((o) => [o.type, o.id]),
    ).toEqual([
      ['Input.ChoiceSet', 'field.status'],
      ['Input.Text', 'field.note'],
    ]);
    const send = (c: Json, values: Json) =>
      post(invoke('carol', 'task/submit', { data: { ...submitData(c), ...values } }));
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
