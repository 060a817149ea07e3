import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from '../../fakes/fake-bot-framework.js';
import {
  CAROL,
  DAN,
  OPS_CHANNEL,
  startTeamsHarness,
  type TeamsHarness,
  type TeamsPerson,
} from '../../support/teams-harness.js';
import { objects, type Json } from '../../support/teams-invoke.js';

// Cards drawn for the person looking at them (Teams' refresh, Universal Actions "user specific views"), and Resolve
// with open playbook work answered as a card, walked through the real app: teams-ai, the outbox, the fake connector.

let h: TeamsHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

/** Someone in the tenant with no role in the incident. */
const ERIN: TeamsPerson = { aadObjectId: 'e0000000-0000-4000-8000-00000000e001', id: '29:1erin', name: 'Erin Park' };
const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

interface Action {
  type: string;
  title?: string;
  verb: string;
  data: Json;
}
interface Card {
  body: Json[];
  actions?: Action[];
  refresh?: { action: Action; userIds: string[] };
}

/** The Action.Execute buttons a card shows (in its actions and its body's action sets), not its refresh clause. */
const buttonsOf = (card: Card): Action[] =>
  objects([card.body, card.actions ?? []]).filter((o): o is Json & Action => o.type === 'Action.Execute');
const titles = (card: Card) => buttonsOf(card).map((b) => b.title);
const textOf = (card: Card) =>
  objects(card.body)
    .filter((o) => o.type === 'TextBlock')
    .map((o) => String(o.text))
    .join('\n');
/** The card a connector call carries (a new thread's activity, or an edit's). */
function cardIn(call: ConnectorCall): Card | null {
  const activity = (call.body.activity ?? call.body) as { attachments?: Array<{ content?: Card }> };
  return activity.attachments?.[0]?.content ?? null;
}

/** An `adaptiveCard/action` invoke from `from`, in the war-room channel's thread of the card, as Teams sends one. */
async function invoke(
  harness: TeamsHarness,
  from: TeamsPerson,
  room: string,
  action: Action,
  trigger: 'automatic' | 'manual',
): Promise<{ statusCode: number; type: string; value: unknown }> {
  // Teams sends the action as the card defines it (type, verb, data; the card's inputs merged into data).
  const value = { action: { type: 'Action.Execute', id: '', verb: action.verb, data: action.data }, trigger };
  const place = { channelId: room, replyToId: '1' };
  const res = await harness.client.post(harness.client.invoke(from, 'adaptiveCard/action', value, place));
  expect(res.status).toBe(200);
  return res.body as { statusCode: number; type: string; value: unknown };
}
/** An invoke answered with a card (only the invoker sees it): the card. */
async function cardAnswer(p: ReturnType<typeof invoke>): Promise<Card> {
  const answer = await p;
  expect(answer).toMatchObject({ statusCode: 200, type: CARD });
  return answer.value as Card;
}
/** The card's refresh clause, sent as Teams sends it when `from` views the card. */
const refresh = (
  harness: TeamsHarness,
  from: TeamsPerson,
  room: string,
  card: Card,
  trigger: 'automatic' | 'manual' = 'automatic',
) => {
  if (!card.refresh) throw new Error('the card has no refresh clause');
  return cardAnswer(invoke(harness, from, room, card.refresh.action, trigger));
};
/** Presses the button titled `title` on `card`. */
function press(harness: TeamsHarness, from: TeamsPerson, room: string, card: Card, title: string) {
  const button = buttonsOf(card).find((b) => b.title === title);
  if (!button) throw new Error(`no ${title} on the card: ${titles(card).join(', ')}`);
  return invoke(harness, from, room, button, 'manual');
}

/** The latest card posted or edited whose refresh clause names `target`. */
const latestCard = (harness: TeamsHarness, target: Json, since = 0): Card | null =>
  harness.bot.connectorCalls
    .slice(since)
    .map(cardIn)
    .filter((c): c is Card => c !== null && JSON.stringify(c.refresh?.action.data) === JSON.stringify(target))
    .at(-1) ?? null;

/** Carol declares a DDoS incident (the ddos playbook attaches) and gives Dan the ops role, in its war room. */
async function ddosWithDanOnOps(harness: TeamsHarness): Promise<{ room: string; incidentId: number; runId: number }> {
  expect(await harness.say('declare DDoS on checkout sev2', { channelId: OPS_CHANNEL })).toBe(200);
  const room = await harness.until(() => harness.app.store.incidents.byNumber(1)?.channelId);
  const incidentId = harness.app.store.incidents.byNumber(1)?.id ?? 0;
  const runId = harness.app.store.playbooks.runsFor(incidentId)[0]?.id ?? 0;
  expect(runId).toBeGreaterThan(0);
  const inRoom = { channelId: room, conversationId: `${room};messageid=1` };
  expect(await harness.say('role ops {{Dan Okafor}}', inRoom)).toBe(200);
  expect(harness.app.store.roles.get(incidentId, 'ops')?.userId).toBe(DAN.aadObjectId);
  return { room, incidentId, runId };
}

describe('Teams refresh: each viewer gets the card drawn for them', () => {
  it('approval: the requester sees why they cannot decide (four eyes), the lead gets Approve and Reject and runs it', async () => {
    const harness = await startTeamsHarness();
    h = harness;
    const { room, incidentId, runId } = await ddosWithDanOnOps(harness);
    const inRoom = (from: TeamsPerson) => ({ from, channelId: room, conversationId: `${room};messageid=1` });
    // Dan (ops) works the checklist by typing, up to the action that needs the lead's approval.
    expect(await harness.say('step done characterise-traffic', inRoom(DAN))).toBe(200);
    expect(await harness.say('step answer attack-or-organic Attack', inRoom(DAN))).toBe(200);
    expect(await harness.say('step request enable-ddos-protection', inRoom(DAN))).toBe(200);
    const approval = harness.app.store.approvals.openFor(runId, 'enable-ddos-protection');
    if (!approval) throw new Error('no approval requested');
    expect(approval).toMatchObject({ requestedBy: DAN.aadObjectId, approverRole: 'lead', status: 'pending' });

    // The card everyone sees has both buttons and refreshes itself for the lead and the requester.
    const target = { card: 'approval', approvalId: approval.id };
    const base = await harness.until(() => latestCard(harness, target));
    expect(titles(base)).toEqual(['Approve', 'Reject']);
    expect(base.refresh?.userIds).toEqual(expect.arrayContaining([CAROL.id, DAN.id]));
    expect(base.refresh?.action).toMatchObject({ type: 'Action.Execute', verb: 'refresh', data: target });

    const calls = harness.bot.connectorCalls.length;
    const forDan = await refresh(harness, DAN, room, base);
    expect(titles(forDan)).toEqual([]);
    expect(objects(forDan.body).some((o) => o.type === 'Input.Text')).toBe(false);
    expect(textOf(forDan)).toContain(
      'You requested enable_ddos_protection; someone else with the lead role must approve or reject it (four eyes).',
    );
    const forCarol = await refresh(harness, CAROL, room, base);
    expect(titles(forCarol)).toEqual(['Approve', 'Reject']);
    expect(textOf(forCarol)).not.toContain('four eyes');
    // Each answer keeps refreshing (its own clause), and neither was put into the conversation for everyone.
    expect(forDan.refresh).toEqual(base.refresh);
    expect(harness.bot.connectorCalls.slice(calls).filter((c) => JSON.stringify(c.body).includes('four eyes'))).toEqual(
      [],
    );

    // Carol approves from her card; the action runs, and the card everyone sees is edited to say so.
    expect(await press(harness, CAROL, room, forCarol, 'Approve')).toEqual({
      statusCode: 200,
      type: MESSAGE,
      value: 'Approved enable_ddos_protection; it runs now.',
    });
    await harness.until(() => harness.app.store.approvals.byId(approval.id)?.status === 'executed');
    const ran = await harness.until(() => {
      const card = latestCard(harness, target);
      return card && textOf(card).includes('Ran via') ? card : null;
    });
    expect(titles(ran)).toEqual([]);
    // Decided: nobody's card has the buttons, and there is nothing left to explain to the requester.
    const afterForDan = await refresh(harness, DAN, room, ran);
    expect(titles(afterForDan)).toEqual([]);
    expect(textOf(afterForDan)).not.toContain('four eyes');
    expect(harness.app.store.timeline.forIncident(incidentId).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['action.requested', 'action.approved']),
    );
  });

  it('checklist: the lead and the step’s owner get its buttons, someone without a role gets none and is told whose it is', async () => {
    const harness = await startTeamsHarness();
    h = harness;
    const { room, runId } = await ddosWithDanOnOps(harness);
    // Any change to the stage redraws its card; the edit then names everyone who acts on it (Dan now holds ops).
    const inRoom = { from: CAROL, channelId: room, conversationId: `${room};messageid=1` };
    expect(await harness.say('step claim characterise-traffic', inRoom)).toBe(200);
    const target = { card: 'stage', runId, stageId: 'triage' };
    // Wait for the edit that shows Carol's claim: the role change's own edit (Dan already named) can land after it.
    const stage = await harness.until(() => {
      const card = latestCard(harness, target);
      return card?.refresh?.userIds.includes(DAN.id) && textOf(card).includes(CAROL.name) ? card : null;
    });
    expect(stage.refresh?.userIds).toEqual(expect.arrayContaining([CAROL.id, DAN.id]));
    const everyone = titles(stage);
    expect(everyone).toEqual(['Done', 'Skip', 'N/A']);

    // Carol leads: every open step's buttons. Dan holds ops, the step's owner: the same.
    expect(titles(await refresh(harness, CAROL, room, stage))).toEqual(everyone);
    expect(titles(await refresh(harness, DAN, room, stage))).toEqual(everyone);
    // Erin has no role (not in userIds: she asks for it from the message menu): no buttons, and why.
    const forErin = await refresh(harness, ERIN, room, stage, 'manual');
    expect(titles(forErin)).toEqual([]);
    expect(textOf(forErin)).toContain('"Characterise the traffic" belongs to the ops role or the incident lead');

    // Walk it on: Dan marks it done from his card; the next steps open, the comms one for anyone (comms is unassigned).
    const forDan = await refresh(harness, DAN, room, stage);
    expect(await press(harness, DAN, room, forDan, 'Done')).toMatchObject({ type: MESSAGE, value: 'Marked done.' });
    const next = await harness.until(() => {
      const card = latestCard(harness, target);
      return card && titles(card).includes('Attack') ? card : null;
    });
    const erinNext = await refresh(harness, ERIN, room, next, 'manual');
    // Only the status-page step (owner comms, nobody holds it) is hers to take; the ops decision is not.
    expect(titles(erinNext)).toEqual(['Done', 'Skip', 'Assign to me', 'N/A']);
    expect(titles(await refresh(harness, CAROL, room, next))).toEqual([
      'Attack',
      'Organic or self-inflicted',
      'Skip',
      'Assign to me',
      'N/A',
      'Done',
      'Skip',
      'Assign to me',
      'N/A',
    ]);
  });

  it('a refresh that cannot be drawn is an error when automatic (the shown card stays) and a message when asked for', async () => {
    const harness = await startTeamsHarness();
    h = harness;
    const { room } = await ddosWithDanOnOps(harness);
    const gone = { type: 'Action.Execute', verb: 'refresh', data: { card: 'approval', approvalId: 999 } };
    expect(await invoke(harness, CAROL, room, gone, 'automatic')).toEqual({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: {
        code: 'BadRequest',
        message: 'What this card showed is no longer in warroom; type the command instead.',
      },
    });
    expect(await invoke(harness, CAROL, room, gone, 'manual')).toEqual({
      statusCode: 200,
      type: MESSAGE,
      value: 'What this card showed is no longer in warroom; type the command instead.',
    });
    const forged = { type: 'Action.Execute', verb: 'refresh', data: { card: 'header', incidentId: 'one' } };
    expect(await invoke(harness, CAROL, room, forged, 'automatic')).toMatchObject({
      statusCode: 400,
      value: { message: 'That button is out of date.' },
    });
    // Another incident's card asked for from this channel shows nothing of it.
    const header = { type: 'Action.Execute', verb: 'refresh', data: { card: 'header', incidentId: 1 } };
    expect(await invoke(harness, CAROL, OPS_CHANNEL, header, 'manual')).toEqual({
      statusCode: 200,
      type: MESSAGE,
      value: "That button does not belong to this channel's incident.",
    });
  });
});

describe('Teams: Resolve while playbook steps are open', () => {
  it('answers the question as a card; Keep it open puts the header back, Resolve anyway resolves and the outbox edits the header for everyone', async () => {
    const harness = await startTeamsHarness();
    h = harness;
    const { room, incidentId } = await ddosWithDanOnOps(harness);
    const target = { card: 'header', incidentId };
    const header = await harness.until(() => latestCard(harness, target));
    expect(titles(header)).toContain('Resolve');

    // Resolve: the question, as a card only Carol sees, with the confirm and the way back.
    const question = await cardAnswer(press(harness, CAROL, room, header, 'Resolve'));
    expect(textOf(question)).toMatch(/still open.*Resolve INC-0001 anyway\?/s);
    expect(titles(question)).toEqual(['Resolve anyway', 'Keep it open']);
    expect(question.refresh).toBeUndefined();
    expect(harness.app.store.incidents.byId(incidentId)?.status).not.toBe('resolved');

    // Keep it open: her header again, as it stands; nothing changed.
    const back = await cardAnswer(press(harness, CAROL, room, question, 'Keep it open'));
    expect(textOf(back)).toContain('INC-0001');
    expect(titles(back)).toContain('Resolve');
    // She leads, so the header drawn for her has no I'll lead.
    expect(titles(back)).not.toContain("I'll lead");
    expect(harness.app.store.incidents.byId(incidentId)?.status).not.toBe('resolved');
    expect(harness.app.store.timeline.forIncident(incidentId).map((e) => e.kind)).not.toContain('status.changed');

    // Resolve again, and this time Resolve anyway: resolved, with what was open on the timeline.
    const again = await cardAnswer(press(harness, CAROL, room, back, 'Resolve'));
    const before = harness.bot.connectorCalls.length;
    const resolved = await cardAnswer(press(harness, CAROL, room, again, 'Resolve anyway'));
    expect(harness.app.store.incidents.byId(incidentId)?.status).toBe('resolved');
    const entry = harness.app.store.timeline.forIncident(incidentId).find((e) => e.kind === 'status.changed');
    expect(JSON.parse(entry?.payload ?? '{}')).toMatchObject({ to: 'resolved', via: 'button' });
    expect(JSON.parse(entry?.payload ?? '{}').openWork).toBeDefined();
    // Carol's card is her header as it is now, saying what happened; Resolve is gone.
    expect(textOf(resolved)).toContain('INC-0001 is now **resolved**.');
    expect(textOf(resolved)).toContain('✅ Resolved');
    expect(titles(resolved)).not.toContain('Resolve');
    // Everyone's header is edited by the outbox.
    const edited = await harness.until(() => {
      const card = latestCard(harness, target, before);
      return card && textOf(card).includes('✅ Resolved') ? card : null;
    });
    expect(titles(edited)).not.toContain('Resolve');
    expect(textOf(edited)).not.toContain('now **resolved**');
  });
});
