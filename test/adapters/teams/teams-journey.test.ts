// The day in the life of one incident that test/adapters/slack/incident-journey.test.ts walks through Slack, walked
// through Microsoft Teams: the real app in Teams mode (botbuilder's JWT checks, teams-ai, the outbox) against a fake
// Bot Framework and a fake Graph, and the real alert webhook. People act as Teams lets them: `@warroom …` typed in the
// war-room channel, buttons pressed on the cards the app posted (the `adaptiveCard/action` invoke of the
// Action.Execute as drawn), forms as dialogs (`task/fetch`, then `task/submit` until the dialog closes), a message put
// on the timeline from its … menu. One incident, one phase per `it`, each starting where the last left the war room.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { verifyTimelineChain } from '../../../src/core/timeline/verify-timeline-chain.js';
import {
  answerText,
  cardsOf,
  cardText,
  dialogCard,
  dialogInputs,
  executeActions,
  submitData,
  taskFetchActions,
  type Json,
  type TeamsPerson,
} from '../../support/teams-invoke.js';
import {
  ANA,
  BEN,
  CAROL,
  DAN,
  INCIDENT_TEAM,
  OPS_CHANNEL,
  startTeamsHarness,
  type TeamsHarness,
} from '../../support/teams-harness.js';
import { channelPosts, onPost, personalChat, shownText, type TeamsPost } from '../../support/teams-room-posts.js';
import { DAY_KINDS, firingAlerts, OPEN_AT_RESOLVE, OPEN_WORK, OPENING_KINDS } from '../../support/journey-script.js';

const AM_SECRET = 'alertmanager-secret-0123456789';
// The cast, as in the Slack journey. Ana and Ben are checkout's on-call (the catalog's teams_users); Carol and Dan
// join when asked. Teams knows each by Entra object id; none of them has written to the bot before the page.
// Ana acknowledges first, so she leads; Ben works the checklist and asks for the rollback; Carol is comms and the
// second pair of eyes on the corrective action; Dan helps with the whys.

/** How warroom names someone on the timeline and in the postmortem: display name and Entra object id. */
const named = (p: TeamsPerson) => `${p.name} (${p.aadObjectId})`;

let h: TeamsHarness;
let dir = '';
let room = '';
let incidentId = 0;

const posts = () => channelPosts(h.bot.connectorCalls, room);
const headerPost = () => posts().find((p) => p.id === h.app.store.incidents.byId(incidentId)?.headerMessageId);
const headerCard = () => cardsOf(headerPost()?.activity ?? {})[0] ?? {};
const header = () => shownText(headerPost()?.activity ?? {});
/** The war room's post (a message or a card) whose text matches, once it is there. */
const roomPost = (text: RegExp) => h.until(() => posts().find((p) => text.test(shownText(p.activity))));
const kinds = () => h.app.store.timeline.forIncident(incidentId).map((e) => e.kind);
const stepState = (stepId: string) => {
  const run = h.app.store.playbooks.runsFor(incidentId)[0];
  return run ? h.app.store.playbooks.steps(run.id).find((s) => s.stepId === stepId) : undefined;
};
const chatOf = (p: TeamsPerson) => personalChat(h.bot.connectorCalls, p).map((a) => String(a.text));

interface Typed {
  /** Replies in the thread the command was typed in (everyone in the channel sees them). */
  inThread: Json[];
  /** What only the typist was told, in their personal chat with the bot. */
  inChat: string[];
}

/** `@warroom <text>` posted by `who` as a new post in the war room (or `channelId`); what the app answered, and where. */
async function typed(who: TeamsPerson, text: string, channelId = room): Promise<Typed> {
  const chatBefore = chatOf(who).length;
  const before = h.bot.connectorCalls.length;
  const message = h.client.message(who, text, { channelId });
  const thread = (message.conversation as { id: string }).id;
  expect((await h.client.post(message)).status).toBe(200);
  // The turn answers before Teams gets its 200: everything it said has reached the connector by now.
  const inThread = h.bot.connectorCalls
    .slice(before)
    .filter(
      (c) => c.method === 'POST' && decodeURIComponent(c.path).startsWith(`/v3/conversations/${thread}/activities`),
    )
    .map((c) => c.body);
  return { inThread, inChat: chatOf(who).slice(chatBefore) };
}

/** A command answered in its thread: that one reply's text. */
async function say(who: TeamsPerson, text: string, channelId = room): Promise<string> {
  const answer = await typed(who, text, channelId);
  expect(answer.inChat).toEqual([]);
  expect(answer.inThread).toHaveLength(1);
  return String(answer.inThread[0]?.text);
}

/** A command refused: said to the typist alone, in their chat with the bot, and nothing in the channel. */
async function refused(who: TeamsPerson, text: string): Promise<string> {
  const answer = await typed(who, text);
  expect(answer.inThread).toEqual([]);
  expect(answer.inChat).toHaveLength(1);
  return answer.inChat[0] ?? '';
}

/** The newest war-room post with a button that `pick` finds on one of its cards, and that button, once drawn. */
function drawn(pick: (card: Json) => Json | undefined): Promise<{ post: TeamsPost; action: Json }> {
  return h.until(() => {
    for (const post of [...posts()].reverse())
      for (const card of cardsOf(post.activity)) {
        const action = pick(card);
        if (action) return { post, action };
      }
    return null;
  });
}

/** The newest `Action.Execute` of this verb (with this data and title) in the war room. */
const button = (verb: string, o: { data?: Json; title?: string } = {}) =>
  drawn((card) =>
    executeActions(card).find(
      (a) =>
        a.verb === verb &&
        (o.title === undefined || a.title === o.title) &&
        Object.entries(o.data ?? {}).every(([k, v]) => (a.data as Json)[k] === v),
    ),
  );

/** The newest dialog button (`task/fetch`) of this verb in the war room. */
const dialogButton = (verb: string) =>
  drawn((card) => taskFetchActions(card).find((a) => (a.data as Json).verb === verb));

/** Presses a button as drawn on its card in the war room; returns what Teams shows the presser. */
async function press(who: TeamsPerson, verb: string, o: { data?: Json; title?: string } = {}): Promise<string> {
  const { post, action } = await button(verb, o);
  return answerText(await h.client.press(who, action, onPost(post, room)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warroom-teams-journey-'));
  // The shipped catalog, with checkout's on-call named for Teams as an operator would: by Entra object id.
  const shipped = readFileSync(new URL('../../../config/catalog.yaml', import.meta.url), 'utf8');
  const catalog = shipped.replace(
    '      slack_usergroup: S0PAYMENTS\n',
    `      slack_usergroup: S0PAYMENTS\n      teams_users: [${ANA.aadObjectId}, ${BEN.aadObjectId}]\n`,
  );
  expect(catalog).not.toBe(shipped);
  writeFileSync(join(dir, 'catalog.yaml'), catalog);
  h = await startTeamsHarness({ WEBHOOK_SECRET_ALERTMANAGER: AM_SECRET, WARROOM_CATALOG: join(dir, 'catalog.yaml') });
});
afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a day in the life of an incident, through Microsoft Teams', () => {
  it('1. an Alertmanager page for checkout opens a P1 war-room channel, pages the on-call by name and shows when it was detected', async () => {
    const res = await fetch(`${h.app.url}/webhooks/alerts/alertmanager`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AM_SECRET}`, 'content-type': 'application/json' },
      body: firingAlerts(),
    });
    expect(res.status).toBe(202);
    await h.until(() => h.app.store.incidents.byNumber(1)?.headerMessageId);
    const incident = h.app.store.incidents.byNumber(1);
    incidentId = incident?.id ?? 0;
    room = incident?.channelId ?? '';
    // A standard channel of the incidents team, created through Graph under Teams' 50-character name rule.
    const channel = h.graph.channels(INCIDENT_TEAM).find((c) => c.id === room);
    expect(channel).toMatchObject({
      displayName: 'inc-0001-checkout-api-5xx-ratio-above-5',
      membershipType: 'standard',
      description: 'Incident war room opened by warroom: INC-0001 SEV1 · Checkout API 5xx ratio above 5%',
    });
    expect(incident).toMatchObject({
      origin: 'alert',
      severity: 'sev1',
      priority: 'P1',
      service: 'checkout',
      leadId: null,
      channelName: 'inc-0001-checkout-api-5xx-ratio-above-5',
    });

    // The header is the channel's first post: a card with the incident's buttons.
    expect(posts()[0]?.id).toBe(incident?.headerMessageId);
    expect(executeActions(headerCard()).map((a) => a.verb)).toEqual([
      'incident.acknowledge',
      'incident.take_lead',
      'incident.resolve',
    ]);
    expect(taskFetchActions(headerCard()).map((a) => a.title)).toEqual(['Update status']);
    expect(header()).toMatch(
      /Detected \{\{DATE\([\dT:-]+Z, SHORT\)\}\} \{\{TIME\([\dT:-]+Z\)\}\} · received \+4 min · war room \+[\d.]+ m?s · not acknowledged yet/,
    );

    // The on-call are paged in the room by name (Teams was asked who they are: they never wrote to the bot), and
    // each hears it in their personal chat with the bot too.
    const page = await roomPost(/needs you/);
    const text =
      'INC-0001 (P1) needs you: Checkout API 5xx ratio above 5%. Press **Acknowledge** (or **@warroom ack**) to take it.';
    expect(page.activity).toEqual({
      type: 'message',
      textFormat: 'markdown',
      text: `<at>Ana Reyes</at> <at>Ben Adler</at> ${text}`,
      entities: [
        { type: 'mention', text: '<at>Ana Reyes</at>', mentioned: { id: ANA.id, name: 'Ana Reyes' } },
        { type: 'mention', text: '<at>Ben Adler</at>', mentioned: { id: BEN.id, name: 'Ben Adler' } },
      ],
    });
    await h.until(() => chatOf(BEN).length > 0);
    expect(chatOf(ANA)).toEqual([text]);
    expect(chatOf(BEN)).toEqual([text]);
    // The router attached the outage playbook on its own, and said why.
    const attached = h.app.store.timeline.forIncident(incidentId).find((e) => e.kind === 'playbook.attached');
    expect(JSON.parse(attached?.payload ?? '{}')).toMatchObject({ playbookId: 'service-outage' });
    await roomPost(/^📚 Playbook \*\*Service outage or degradation\*\* \(v1\) attached/);
  });

  it('2. the first to acknowledge leads; the lead hands out comms and ops', async () => {
    expect(await press(ANA, 'incident.acknowledge')).toBe('You acknowledged INC-0001.');
    expect(h.app.store.incidents.byNumber(1)).toMatchObject({ leadId: ANA.aadObjectId, status: 'investigating' });
    // The header is edited in place, for everyone.
    await h.until(() => /acknowledged \+[\d.]+ m?s/.test(header()));
    expect(header()).toContain('**Lead** <at>Ana Reyes</at>');
    expect(executeActions(headerCard()).map((a) => a.verb)).toEqual(['incident.take_lead', 'incident.resolve']);

    expect(await say(ANA, 'role comms {{Carol Medina}}')).toBe('<at>Carol Medina</at> is now **comms** on INC-0001.');
    expect(await say(ANA, 'role ops {{Ben Adler}}')).toBe('<at>Ben Adler</at> is now **ops** on INC-0001.');
    // Carol was not on call and a standard channel cannot be joined by invitation: the post that names her
    // @mentions her, which is how Teams calls someone in.
    const called = await roomPost(/is now \*\*comms\*\*, assigned by/);
    expect(called.activity).toMatchObject({
      text: `👥 <at>Carol Medina</at> is now **comms**, assigned by ${named(ANA)}`,
      entities: [{ type: 'mention', text: '<at>Carol Medina</at>', mentioned: { id: CAROL.id, name: 'Carol Medina' } }],
    });
    await h.until(
      () => header().includes('comms: <at>Carol Medina</at>') && header().includes('ops: <at>Ben Adler</at>'),
    );
    // The lead and the role holders get the header refreshed for them (Universal Actions' user-specific views).
    expect(headerCard().refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', data: { card: 'header', incidentId } },
      userIds: [ANA.id, CAROL.id, BEN.id],
    });
  });

  it('3. the checklist is worked by its owners; the rollback runs only after someone other than the requester approves', async () => {
    // Triage: Ben takes and confirms the impact, Ana assigns roles, a change lines up, Carol posts the status page.
    expect(await press(BEN, 'step.claim', { data: { s: 'confirm-impact' } })).toBe(
      'It is yours: your name is on the step.',
    );
    expect(await press(BEN, 'step.done', { data: { s: 'confirm-impact' } })).toBe('Marked done.');
    expect(await press(CAROL, 'step.done', { data: { s: 'assign-roles' } })).toMatch(
      /^"Assign ops, comms and scribe; open the bridge" belongs to the incident lead/,
    );
    expect(await press(ANA, 'step.done', { data: { s: 'assign-roles' } })).toBe('Marked done.');
    expect(await press(BEN, 'step.answer', { data: { s: 'recent-change' }, title: 'Yes' })).toBe('Answered: Yes.');
    expect(await press(CAROL, 'step.done', { data: { s: 'status-page-initial' } })).toBe('Marked done.');
    // "Yes" ruled out the other branch.
    expect(stepState('check-dependencies')?.status).toBe('na');
    // The triage card is edited in place: settled, each step saying who did it.
    const triage = await roomPost(/Triage and assess impact/);
    const settled = await h.until(() => {
      const now = shownText(posts().find((p) => p.id === triage.id)?.activity ?? {});
      return now.includes('4/4 settled') ? now : null;
    });
    expect(settled).toContain('✅ **Confirm customer impact and scope** · _ops_ · by <at>Ben Adler</at>');
    expect(settled).toContain('✅ **Post the first status page update** · _comms_ · by <at>Carol Medina</at>');

    // Containment is posted once triage settles. The rollback is an action: it is requested, never just done.
    expect(await press(BEN, 'step.request', { data: { s: 'rollback-deploy' } })).toBe(
      'Requested. Someone other than you with the lead role must approve it.',
    );
    const approval = await button('approval.approve');
    expect(shownText(approval.post.activity)).toMatch(/^✋ \*\*Approval #\d+\*\* — Roll back the suspect change/);
    expect(shownText(approval.post.activity)).toContain(`requested by <at>Ben Adler</at>`);
    // Four eyes: the requester cannot approve his own request; the lead (the approving role) can.
    expect(await press(BEN, 'approval.approve')).toBe(
      'You requested rollback_deploy; someone else with the lead role must approve or reject it (four eyes).',
    );
    expect(await press(ANA, 'approval.approve')).toBe('Approved rollback_deploy; it runs now.');

    // The dry-run executor records what it would have run; that completes the step and is kept as evidence.
    await h.until(() => kinds().includes('action.executed'));
    const executed = h.app.store.timeline.forIncident(incidentId).find((e) => e.kind === 'action.executed');
    expect(JSON.parse(executed?.payload ?? '{}')).toMatchObject({
      action: 'rollback_deploy',
      executor: 'dry-run',
      ok: true,
      detail: {
        dryRun: true,
        wouldRun: 'rollback_deploy',
        incident: 'INC-0001',
        params: { host: 'checkout-1.prod.example.com', reason: 'Rollback for INC-0001', to: 'last-known-good' },
      },
    });
    expect(stepState('rollback-deploy')).toMatchObject({ status: 'done', doneBy: ANA.aadObjectId });
    expect(h.app.store.evidence.itemsFor(incidentId).map((i) => i.kind)).toContain('action-result');
    // The approval card is edited: decided, it says so and has no buttons left.
    const decided = await h.until(() => {
      const now = posts().find((p) => p.id === approval.post.id);
      return now && shownText(now.activity).includes('✅ Ran via dry-run') ? now : null;
    });
    expect(shownText(decided.activity)).toContain('☑️ Approved by <at>Ana Reyes</at>');
    expect(cardsOf(decided.activity).flatMap(executeActions)).toEqual([]);
    expect(await press(BEN, 'step.done', { data: { s: 'mitigate' } })).toBe('Marked done.');
    expect(stepState('mitigate')).toMatchObject({ status: 'done' });

    // An auditor reading `@warroom timeline` sees who asked and who approved: two different people.
    const timeline = await say(CAROL, 'timeline 50');
    expect(timeline).toContain(`Approval requested by ${named(BEN)} for **rollback_deploy**`);
    expect(timeline).toContain(`**rollback_deploy** approved by ${named(ANA)}`);
    expect(timeline).toContain(`✅ Done by ${named(BEN)}: Confirm customer impact and scope`);
    expect(timeline).toContain(`🙋 ${named(BEN)} is on "Confirm customer impact and scope"`);
    expect(timeline).toContain(`👥 <at>Carol Medina</at> is now **comms**, assigned by ${named(ANA)}`);
  });

  it('4. status updates, a note and a message put on the timeline; Resolve asks about the open steps, and resolves once confirmed', async () => {
    expect(await say(ANA, 'status identified config push set the checkout-api pool size to 1')).toBe(
      'INC-0001 is now **identified**.',
    );
    // The next one through the header's Update status: a dialog, which closes once the change took.
    const update = await dialogButton('incident.update_status');
    expect(update.post.id).toBe(headerPost()?.id);
    const onHeader = onPost(update.post, room);
    const form = dialogCard(await h.client.fetchTask(ANA, update.action.data as Json, onHeader));
    expect(dialogInputs(form).map((i) => [i.id, i.label])).toEqual([
      ['field.status', 'Status (now identified)'],
      ['field.note', 'What changed?'],
    ]);
    expect((dialogInputs(form)[0]?.choices as Json[]).map((c) => c.value)).toEqual([
      'investigating',
      'monitoring',
      'resolved',
    ]);
    expect(
      await h.client.submitTask(
        ANA,
        form,
        { 'field.status': 'monitoring', 'field.note': 'rolled back; 5xx ratio back under 0.1%' },
        onHeader,
      ),
    ).toEqual({ status: 200, body: null });
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('monitoring');
    expect(shownText((await roomPost(/→ \*\*monitoring\*\*/)).activity)).toBe(
      `🔄 Status identified → **monitoring** by ${named(ANA)} — rolled back; 5xx ratio back under 0.1%`,
    );
    expect(await say(CAROL, 'note Status page moved to Monitoring; support briefed')).toMatch(
      /^Noted in the INC-0001 timeline \(#\d+\)\.$/,
    );

    // Ben posts a reading in the war room: to the team, not to the bot (Teams sends a bot only what @mentions it).
    // Carol puts it on the timeline from the message's … menu ("Add to timeline", the manifest's message action):
    // Teams sends the message itself with the action, and shows the answer in a small dialog.
    const reading = {
      id: '1733000099001',
      replyToId: null,
      createdDateTime: new Date().toISOString(),
      messageType: 'message',
      importance: 'normal',
      locale: 'en-us',
      body: { contentType: 'html', content: '<p>p99 back at 180&nbsp;ms on every checkout host</p>' },
      from: {
        user: { id: BEN.aadObjectId, displayName: BEN.name, userIdentityType: 'aadUser' },
        application: null,
        device: null,
      },
      attachments: [],
      mentions: [],
      reactions: [],
    };
    const addToTimeline = () =>
      h.client.post(
        h.client.invoke(
          CAROL,
          'composeExtension/fetchTask',
          {
            commandId: 'timeline.pin',
            commandContext: 'message',
            context: { theme: 'default' },
            messagePayload: reading,
          },
          { channelId: room, conversationId: `${room};messageid=${reading.id}` },
        ),
      );
    const pinned = await addToTimeline();
    expect(pinned).toEqual({
      status: 200,
      body: { task: { type: 'message', value: expect.stringMatching(/^Pinned to the INC-0001 timeline \(#\d+\)\.$/) } },
    });
    const pin = h.app.store.timeline.forIncident(incidentId).find((e) => e.kind === 'message.pinned');
    expect(JSON.parse(pin?.payload ?? '{}')).toEqual({
      messageId: reading.id,
      author: BEN.aadObjectId,
      text: 'p99 back at 180 ms on every checkout host',
      via: 'button',
    });
    // Asked again (a second click, another person): it is there already, once.
    expect(await addToTimeline()).toEqual({
      status: 200,
      body: { task: { type: 'message', value: 'That message is already on the timeline.' } },
    });
    expect(kinds().filter((k) => k === 'message.pinned')).toHaveLength(1);

    // The recovery stage still has steps open: Resolve asks first, naming them, and changes nothing yet.
    const entriesBefore = kinds().length;
    const question = await press(ANA, 'incident.resolve');
    expect(
      question.startsWith(
        `${OPEN_AT_RESOLVE} Resolve INC-0001 anyway? What is open will be recorded on the timeline and in the postmortem.`,
      ),
    ).toBe(true);
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('monitoring');
    expect(kinds()).toHaveLength(entriesBefore);

    // Confirmed (typed, as the answer says): resolved, and what was open is on the timeline and in the war room.
    expect(await say(ANA, 'resolve anyway')).toBe(
      'INC-0001 is now **resolved**. What was still open is on the timeline and goes into the postmortem. When the dust settles, the lead closes it with **@warroom close**.',
    );
    const incident = h.app.store.incidents.byNumber(1);
    expect(incident).toMatchObject({ status: 'resolved' });
    expect(incident?.mitigatedAt).not.toBeNull();
    const statuses = h.app.store.timeline
      .forIncident(incidentId)
      .filter((e) => e.kind === 'status.changed')
      .map((e) => JSON.parse(e.payload) as { to: string; via: string; openWork?: unknown });
    expect(statuses.map((s) => `${s.to} via ${s.via}`)).toEqual([
      'investigating via button',
      'identified via command',
      'monitoring via form',
      'resolved via command',
    ]);
    expect(statuses.at(-1)?.openWork).toEqual(OPEN_WORK);
    expect(shownText((await roomPost(/still open \(confirmed\)/)).activity)).toBe(
      `🔄 Status monitoring → **resolved** by ${named(ANA)} — resolved with playbook work still open (confirmed): ${OPEN_AT_RESOLVE}`,
    );
    await h.until(() => header().includes('✅ Resolved'));
    // Resolved: the header no longer offers Resolve.
    expect(executeActions(headerCard()).map((a) => a.verb)).toEqual(['incident.take_lead']);
  });

  it('5. the postmortem: prompt, the 5 Whys dialog to its end, finalize by command, the Markdown posted in the war room', async () => {
    const { post: prompt, action: start } = await dialogButton('postmortem.start');
    expect(shownText(prompt.activity)).toMatch(/SEV1 incidents close only after the postmortem is finalized\./);
    // Cheap to show, and it is the rule: not before the postmortem is final.
    expect(await refused(ANA, 'close')).toMatch(
      /^INC-0001 is SEV1: SEV1 incidents close only after their postmortem is finalized\./,
    );

    // Start postmortem opens the dialog: Teams sends the button's data as drawn, and the answer is the first why.
    expect(start).toMatchObject({ title: 'Start postmortem' });
    const at = onPost(prompt, room);
    const opened = await h.client.fetchTask(DAN, start.data as Json, at);
    expect((opened.body as { task?: { value?: { title?: string } } }).task?.value?.title).toBe(
      'INC-0001 postmortem · Why 1',
    );
    const why1 = dialogCard(opened);
    expect(dialogInputs(why1).map((i) => [i.id, i.value])).toEqual([
      ['field.problem', 'Checkout API 5xx ratio above 5%'],
      ['field.answer', undefined],
      ['field.next', 'next'],
    ]);
    const why2 = dialogCard(
      await h.client.submitTask(
        DAN,
        why1,
        {
          'field.problem': 'Checkout returned 5xx for 20 minutes',
          'field.answer': 'the checkout-api connection pool was exhausted',
          'field.next': 'next',
        },
        at,
      ),
    );
    // Ben picks the dialog up where Dan left it: the next why replaces the form each time.
    const why3 = dialogCard(
      await h.client.submitTask(
        BEN,
        why2,
        { 'field.answer': 'a config push set its pool size to 1', 'field.next': 'next' },
        at,
      ),
    );
    expect(dialogInputs(why3).find((i) => i.id === 'field.answer')?.label).toBe(
      'Why 3 (chain 1): Why did this happen: a config push set its pool size to 1?',
    );
    // That is the root cause: on to the details, without a third answer.
    const details = dialogCard(
      await h.client.submitTask(BEN, why3, { 'field.answer': '', 'field.next': 'details' }, at),
    );
    expect(submitData(details)).toMatchObject({ form: { id: 'postmortem_details' } });
    expect(cardText(details)).toContain(
      '2. Why did this happen: the checkout-api connection pool was exhausted?\n\n      → **a config push set its pool size to 1**',
    );
    // Only the lead is offered "finalize"; Ben picks the category and closes the dialog (an empty answer closes it).
    expect((dialogInputs(details).find((i) => i.id === 'field.next')?.choices as Json[]).map((c) => c.value)).toEqual([
      'close',
      'more',
      'chain',
    ]);
    expect(
      await h.client.submitTask(BEN, details, { 'field.category': 'change-deploy', 'field.next': 'close' }, at),
    ).toEqual({ status: 200, body: null });
    expect(h.app.store.postmortems.forIncident(incidentId)).toMatchObject({
      problem: 'Checkout returned 5xx for 20 minutes',
      category: 'change-deploy',
    });

    expect(await refused(BEN, 'postmortem finalize')).toBe(
      'Only the incident lead finalizes the INC-0001 postmortem. Everyone else can keep adding to it.',
    );
    expect(await say(ANA, 'postmortem finalize')).toMatch(/^The INC-0001 postmortem is finalized/);

    // A bot cannot put a file in a channel without Graph file permissions: the Markdown is the post itself.
    const posted = await roomPost(/^📜 The INC-0001 postmortem is final\./);
    const markdown = h.app.store.postmortems.forIncident(incidentId)?.markdown ?? '';
    expect(markdown).toContain('# INC-0001 postmortem: Checkout API 5xx ratio above 5%');
    const shown = shownText(posted.activity);
    expect(shown).toContain('**INC-0001 postmortem**');
    // What the commander lived is in the document: the playbook and its steps, the approval, the roles, the whys.
    for (const line of [
      '# INC-0001 postmortem: Checkout API 5xx ratio above 5%',
      'Playbook ∗∗Service outage or degradation∗∗ (v1) attached',
      `Done by ${named(BEN)}: Confirm customer impact and scope`,
      `Was there a change in the last 2 hours? → ∗∗Yes∗∗ (decided by ${named(BEN)})`,
      `Approval requested by ${named(BEN)} for ∗∗rollback_deploy∗∗`,
      `∗∗rollback_deploy∗∗ approved by ${named(ANA)}`,
      '∗∗rollback_deploy∗∗ ran via dry-run',
      `Done by ${named(BEN)}: Apply and record the mitigation`,
      `Note by ${named(CAROL)}: Status page moved to Monitoring; support briefed`,
      'p99 back at 180 ms on every checkout host',
      // People are named as Teams showed them to the bot: display name and Entra object id.
      `- Lead: ${named(ANA)}\n- comms: ${named(CAROL)}\n- ops: ${named(BEN)}\n- Postmortem: started by ${named(DAN)}, finalized by ${named(ANA)}`,
      `1. ∗∗Why did this happen: Checkout returned 5xx for 20 minutes?∗∗  \n\n   the checkout-api connection pool was exhausted — ${named(DAN)}`,
      `2. ∗∗Why did this happen: the checkout-api connection pool was exhausted?∗∗  \n\n   a config push set its pool size to 1 — ${named(BEN)}`,
      'Root-cause category: ∗∗Change / deploy∗∗',
      '| Detection to war room | 4 minutes |',
      '## Open at resolve',
      'resolved with playbook work still open (confirmed): 2 recovery steps are still open',
    ])
      expect(shown).toContain(line);
    expect(shown).toMatch(/\| Time to acknowledge \| \d+ seconds? \|/);
  });

  it('6. a corrective action: added by command, done with a link by its owner, verified by someone else', async () => {
    expect(
      await say(
        ANA,
        'action add Canary every checkout-api config push owner:{{Ben Adler}} due:2099-12-31 kind:prevent verify:"a pool-size change is stopped at the 5% canary" service:checkout',
      ),
    ).toBe(
      'Added corrective action **A1** for <at>Ben Adler</at>, due 2099-12-31. It is done with **@warroom action done A1 ＜link or EV-id＞**, and verified by someone else.',
    );
    // Teams sends a typed link as an HTML anchor.
    expect(
      await say(
        BEN,
        'action done A1 <a href="https://git.example.com/checkout/pull/311">https://git.example.com/checkout/pull/311</a>',
      ),
    ).toBe('Marked **A1** done. Someone other than <at>Ben Adler</at> verifies it: **@warroom action verify A1**.');
    expect(await refused(BEN, 'action verify A1')).toMatch(/^You own A1, so someone else verifies it/);
    expect(await say(CAROL, 'action verify A1')).toBe('Verified **A1**: Canary every checkout-api config push.');
    const postmortem = h.app.store.postmortems.forIncident(incidentId);
    expect(h.app.store.postmortems.actions(postmortem?.id ?? 0)).toEqual([
      expect.objectContaining({
        number: 1,
        ownerId: BEN.aadObjectId,
        status: 'verified',
        doneBy: BEN.aadObjectId,
        verifiedBy: CAROL.aadObjectId,
        evidence: 'https://git.example.com/checkout/pull/311',
      }),
    ]);
  });

  it('7. the lead closes it; the stats count it; its timeline verifies', async () => {
    expect(await say(ANA, 'close')).toBe('INC-0001 is closed. Thank you, everyone.');
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('closed');

    // Asked in another channel of the team, away from the war room.
    const stats = await say(ANA, 'stats 30d', OPS_CHANNEL);
    expect(stats).toMatch(
      /^\*\*Incidents, last 30 days\*\* \(drills excluded\)\n\n- all: 1 incident · MTTA [\d.]+ min/,
    );
    expect(stats).toContain('- SEV1: 1 incident');
    expect(stats).toMatch(/\*\*By service\*\*\n\n- checkout: 1 incident/);
    expect(stats).toMatch(/\*\*By priority\*\*\n\n- P1: 1 incident/);
    expect(stats).toContain(
      '- postmortems: 1 finalized, 0 in draft · corrective actions: 0 open (0 overdue), 0 awaiting verification, 1 verified',
    );
    expect(stats).toContain('- playbook steps: every SLA met');
    expect(stats).toContain('- resolved with playbook steps still open: 1 of 1 incidents');
    expect(stats).toMatch(/- slowest steps: service-outage \/ .+ done\)/);

    // `warroom timeline verify INC-0001`, minus the process: the hash chain holds over every entry.
    const entries = h.app.store.timeline.forIncident(incidentId);
    const verdict = verifyTimelineChain(entries);
    expect(verdict).toMatchObject({ ok: true, problems: [], entries: entries.length });
    // The whole day in the order it happened: the same story as on Slack, but for who confirmed the resolve by typing.
    const story = entries.map((e) => e.kind);
    expect(story.slice(0, 6).sort()).toEqual(OPENING_KINDS);
    expect(story.slice(6)).toEqual(DAY_KINDS);
    // Who did each, by Entra object id, in order: the people of the day, nobody else.
    const by = (kind: string) =>
      entries.filter((e) => e.kind === kind).map((e) => (JSON.parse(e.actor) as { userId?: string }).userId);
    expect(by('action.requested')).toEqual([BEN.aadObjectId]);
    expect(by('action.approved')).toEqual([ANA.aadObjectId]);
    expect(by('message.pinned')).toEqual([CAROL.aadObjectId]);
    expect(by('postmortem.why_added')).toEqual([DAN.aadObjectId, BEN.aadObjectId]);
    expect(by('corrective_action.verified')).toEqual([CAROL.aadObjectId]);
    expect(by('incident.closed')).toEqual([ANA.aadObjectId]);

    // `warroom timeline export INC-0001` on the same database: the auditor's copy names requester and approver.
    const exported = runCli(['timeline', 'export', 'INC-0001', '--db', h.app.database.sqlite.name], {});
    expect(exported.code).toBe(0);
    expect(exported.stdout?.split('\n')[0]).toBe(
      `INC-0001 timeline: Checkout API 5xx ratio above 5% (${entries.length} entries, times in UTC, chain head sha256:${verdict.headHash})`,
    );
    const line = (text: string) => new RegExp(`^#\\d+ \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d — ${text}`, 'm');
    const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const expected of [
      line(`Approval requested by ${esc(named(BEN))} for rollback_deploy`),
      line(`rollback_deploy approved by ${esc(named(ANA))}$`),
      line(`Note by ${esc(named(CAROL))}: Status page moved to Monitoring; support briefed$`),
      // The pinned message's author is written as a mention, which the plain export shows as the bare id.
      line(`@${BEN.aadObjectId}: p99 back at 180 ms on every checkout host — pinned by ${esc(named(CAROL))}$`),
      line(`Postmortem finalized by ${esc(named(ANA))} — `),
      line(`Corrective action A1 verified by ${esc(named(CAROL))}: Canary every checkout-api config push$`),
      line(`Incident closed by ${esc(named(ANA))}$`),
    ])
      expect(exported.stdout).toMatch(expected);

    // Teams took everything the app sent (no call refused or failed along the way), and nothing is left undelivered.
    expect(h.bot.connectorCalls.filter((c) => c.status < 200 || c.status >= 300)).toEqual([]);
    await h.until(() => h.app.store.outbox.countPending() === 0);
    expect(h.app.store.outbox.listDead()).toEqual([]);
  });
});
