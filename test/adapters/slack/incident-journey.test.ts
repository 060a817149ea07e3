// A day in the life of one incident, lived through the real Slack adapter (Bolt, signed requests, a strict fake Web
// API) and the real alert webhook: page → acknowledge → roles → playbook with a four-eyes action → updates → resolve
// → 5 Whys → corrective action → close → stats → a verified timeline. One incident, one phase per `it`: each phase
// starts where the last one left the war room, as it does for the people in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { verifyTimelineChain } from '../../../src/core/timeline/verify-timeline-chain.js';
import type { FakeMessage } from '../../fakes/fake-slack.js';
import { validateView } from '../../fakes/fake-slack-blocks.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';
import { DAY_KINDS, firingAlerts, OPEN_AT_RESOLVE, OPEN_WORK, OPENING_KINDS } from '../../support/journey-script.js';

const AM_SECRET = 'alertmanager-secret-0123456789';
// The cast. U7 and U8 are the checkout team's on-call (its catalog user group); U3 and U2 join when asked.
const ANA = 'U7'; // acknowledges first, so she leads
const BEN = 'U8'; // ops: works the checklist and asks for the rollback
const CAROL = 'U3'; // comms: status page, and the second pair of eyes on the corrective action
const DEV = 'U2'; // a teammate who helps with the whys

interface Button {
  action_id: string;
  value?: string;
  text: { text: string };
}
interface Block {
  elements?: Button[];
}
interface View {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ block_id?: string; label?: { text: string } }>;
}

let h: SlackHarness;
let room = '';
let incidentId = 0;

const roomMessages = (): FakeMessage[] => h.fake.messages.filter((m) => m.channel === room);
const inRoom = (text: RegExp) => roomMessages().find((m) => text.test(m.text ?? ''));
const withButton = (actionId: string) =>
  roomMessages().find((m) => JSON.stringify(m.blocks ?? []).includes(`"action_id":"${actionId}"`));
const header = () =>
  JSON.stringify(
    roomMessages().find((m) => JSON.stringify(m.blocks ?? []).includes('incident_header_actions'))?.blocks,
  );
const kinds = () => h.kinds(1);

/** The newest button in the war room whose action id matches (and label, for decision answers). */
function findButton(actionId: RegExp, label?: string): Button | undefined {
  for (const message of [...roomMessages()].reverse()) {
    for (const block of (message.blocks ?? []) as Block[]) {
      const hit = block.elements?.find(
        (e) => actionId.test(e.action_id ?? '') && (label === undefined || e.text?.text === label),
      );
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Clicks a button as it is drawn in the war room (its real value), once it is there; returns its response_url. */
async function click(actionId: RegExp, user_id: string, label?: string): Promise<string> {
  await h.fake.waitFor(() => findButton(actionId, label) !== undefined);
  const button = findButton(actionId, label) as Button;
  const { responseUrl } = await h.click({
    action_id: button.action_id,
    value: button.value ?? '',
    user_id,
    channel_id: room,
  });
  return responseUrl;
}

/** Clicks, and returns the private reply. */
async function press(actionId: RegExp, user_id: string, label?: string): Promise<string> {
  return (await h.waitForReplies(await click(actionId, user_id, label), 1))[0] ?? '';
}

/** `/incident <text>` typed in the war room (or `channel_id`) by `user_id`; returns the private reply. */
async function say(text: string, user_id: string, channel_id = room): Promise<string> {
  const { responseUrl } = await h.command(text, { channel_id, user_id });
  return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
}

/** Submits an open modal as Slack does (view_submission) and returns the app's acknowledgement. */
async function submit(
  view: View,
  user_id: string,
  values: Record<string, Record<string, unknown>>,
): Promise<{ response_action?: string; view?: View }> {
  const res = await h.submit({
    user_id,
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    values,
  });
  expect(res.status).toBe(200);
  return (res.json ?? {}) as { response_action?: string; view?: View };
}

const stepState = (stepId: string) => {
  const run = h.app.store.playbooks.runsFor(incidentId)[0];
  return run ? h.app.store.playbooks.steps(run.id).find((s) => s.stepId === stepId) : undefined;
};

beforeAll(async () => {
  h = await startSlackHarness({ WEBHOOK_SECRET_ALERTMANAGER: AM_SECRET });
  h.fake.userGroups.set('S0PAYMENTS', [ANA, BEN]);
});
afterAll(() => h.stop());

describe('a day in the life of an incident, through Slack', () => {
  it('1. an Alertmanager page for checkout opens a P1 war room, pages the on-call and shows when it was detected', async () => {
    const res = await fetch(`${h.app.url}/webhooks/alerts/alertmanager`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AM_SECRET}`, 'content-type': 'application/json' },
      body: firingAlerts(),
    });
    expect(res.status).toBe(202);
    await h.fake.waitFor(() => (h.app.store.incidents.byNumber(1)?.headerMessageId ?? null) !== null);
    const incident = h.app.store.incidents.byNumber(1);
    incidentId = incident?.id ?? 0;
    room = incident?.channelId ?? '';
    expect(h.fake.channels.find((c) => c.id === room)?.name).toBe('inc-0001-checkout-api-5xx-ratio-above-5');
    expect(incident).toMatchObject({
      origin: 'alert',
      severity: 'sev1',
      priority: 'P1',
      service: 'checkout',
      leadId: null,
    });

    // The owning team's on-call group is paged in the room and its members invited.
    await h.fake.waitFor(() => inRoom(/subteam/) !== undefined);
    expect(inRoom(/subteam/)?.text).toBe(
      '<!subteam^S0PAYMENTS> INC-0001 (P1) needs you: Checkout API 5xx ratio above 5%. Press *Acknowledge* (or `/incident ack`) to take it.',
    );
    expect(h.fake.channels.find((c) => c.id === room)?.members).toEqual(expect.arrayContaining([ANA, BEN]));
    expect(header()).toMatch(
      /Detected <!date\^\d+\^[^|]+\|[^>]+> · received \+4 min · war room \+[\d.]+ m?s · not acknowledged yet/,
    );
    // The router attached the outage playbook on its own, and said why.
    const attached = h.app.store.timeline.forIncident(incidentId).find((e) => e.kind === 'playbook.attached');
    expect(JSON.parse(attached?.payload ?? '{}')).toMatchObject({ playbookId: 'service-outage' });
  });

  it('2. the first to acknowledge leads; the lead hands out comms and ops', async () => {
    expect(await press(/^incident\.acknowledge$/, ANA)).toBe('You acknowledged INC-0001.');
    expect(h.app.store.incidents.byNumber(1)).toMatchObject({ leadId: ANA, status: 'investigating' });
    await h.fake.waitFor(() => /acknowledged \+[\d.]+ m?s/.test(header() ?? ''));

    expect(await say(`role comms <@${CAROL}>`, ANA)).toBe(`<@${CAROL}> is now *comms* on INC-0001.`);
    expect(await say(`role ops <@${BEN}>`, ANA)).toBe(`<@${BEN}> is now *ops* on INC-0001.`);
    // Carol was not on call: the role brings her into the room, and the header names both.
    expect(h.fake.channels.find((c) => c.id === room)?.members).toContain(CAROL);
    await h.fake.waitFor(
      () => (header() ?? '').includes(`comms: <@${CAROL}>`) && (header() ?? '').includes(`ops: <@${BEN}>`),
    );
  });

  it('3. the checklist is worked by its owners; the rollback runs only after someone other than the requester approves', async () => {
    // Triage: Ben takes and confirms the impact, Ana assigns roles, a change lines up, Carol posts the status page.
    expect(await press(/^step:claim:confirm-impact$/, BEN)).toBe('It is yours: your name is on the step.');
    expect(await press(/^step:done:confirm-impact$/, BEN)).toBe('Marked done.');
    expect(await press(/^step:done:assign-roles$/, CAROL)).toMatch(
      /^"Assign ops, comms and scribe; open the bridge" belongs to the incident lead/,
    );
    expect(await press(/^step:done:assign-roles$/, ANA)).toBe('Marked done.');
    expect(await press(/^step:answer:recent-change:/, BEN, 'Yes')).toBe('Answered: Yes.');
    expect(await press(/^step:done:status-page-initial$/, CAROL)).toBe('Marked done.');
    // "Yes" ruled out the other branch.
    expect(stepState('check-dependencies')?.status).toBe('na');

    // Containment is posted once triage settles. The rollback is an action: it is requested, never just done.
    expect(await press(/^step:request:rollback-deploy$/, BEN)).toBe(
      'Requested. Someone other than you with the lead role must approve it.',
    );
    await h.fake.waitFor(() => withButton('approval.approve') !== undefined);
    expect(withButton('approval.approve')?.text).toMatch(
      /^:raised_hand: \*Approval #\d+\* — Roll back the suspect change/,
    );
    // Four eyes: the requester cannot approve his own request; the lead (the approving role) can.
    expect(await press(/^approval\.approve$/, BEN)).toBe(
      'You requested rollback_deploy; someone else with the lead role must approve or reject it (four eyes).',
    );
    expect(await press(/^approval\.approve$/, ANA)).toBe('Approved rollback_deploy; it runs now.');

    // The dry-run executor records what it would have run; that completes the step and is kept as evidence.
    await h.fake.waitFor(() => kinds().includes('action.executed'));
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
    expect(stepState('rollback-deploy')).toMatchObject({ status: 'done', doneBy: ANA });
    expect(h.app.store.evidence.itemsFor(incidentId).map((i) => i.kind)).toContain('action-result');
    await h.fake.waitFor(() =>
      /:white_check_mark: Ran via dry-run/.test(JSON.stringify(roomMessages().map((m) => m.blocks))),
    );
    expect(withButton('approval.approve')).toBeUndefined(); // decided: the buttons are gone
    expect(await press(/^step:done:mitigate$/, BEN)).toBe('Marked done.');
    expect(stepState('mitigate')).toMatchObject({ status: 'done' });

    // An auditor reading `/incident timeline` sees who asked and who approved: two different people.
    const timeline = await say('timeline 50', CAROL);
    expect(timeline).toContain('Approval requested by u8 (U8) for *rollback_deploy*');
    expect(timeline).toContain('*rollback_deploy* approved by u7 (U7)');
    expect(timeline).toContain(':white_check_mark: Done by u8 (U8): Confirm customer impact and scope');
    expect(timeline).toContain(':raising_hand: u8 (U8) is on "Confirm customer impact and scope"');
    expect(timeline).toContain(`:busts_in_silhouette: <@${CAROL}> is now *comms*, assigned by u7 (U7)`);
  });

  it('4. status updates, a note and a pinned message go on the timeline; Resolve asks about the open steps, and resolves once confirmed', async () => {
    expect(await say('status identified config push set the checkout-api pool size to 1', ANA)).toBe(
      'INC-0001 is now *identified*.',
    );
    expect(await say('status monitoring rolled back; 5xx ratio back under 0.1%', ANA)).toBe(
      'INC-0001 is now *monitoring*.',
    );
    expect(await say('note Status page moved to Monitoring; support briefed', CAROL)).toMatch(
      /^Noted in the INC-0001 timeline \(#\d+\)\.$/,
    );

    const graph = h.fake.seedMessage({ channel: room, user: BEN, text: 'p99 back at 180 ms on every checkout host' });
    await h.event({
      type: 'reaction_added',
      user: CAROL,
      reaction: 'pushpin',
      item_user: BEN,
      item: { type: 'message', channel: room, ts: graph.ts },
      event_ts: `${Date.now() / 1000}`,
    });
    await h.fake.waitFor(() => kinds().includes('message.pinned'));

    // The recovery stage still has steps open: Resolve asks first, naming them, and changes nothing yet.
    const entriesBefore = kinds().length;
    const questionUrl = await click(/^incident\.resolve$/, ANA);
    const [question] = await h.waitForReplies(questionUrl, 1);
    expect(question).toBe(
      `${OPEN_AT_RESOLVE} Resolve INC-0001 anyway? What is open will be recorded on the timeline and in the postmortem.`,
    );
    const asked = h.fake.responses.find((r) => r.path === new URL(questionUrl).pathname);
    const confirm = (asked?.body.blocks as Block[] | undefined)
      ?.flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'incident.resolve_confirmed');
    expect(confirm).toMatchObject({ text: { text: 'Resolve anyway' }, value: String(incidentId) });
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('monitoring');
    expect(kinds()).toHaveLength(entriesBefore);

    // Confirmed: resolved, and what was open is on the resolve's timeline entry and in the war room.
    const confirmed = await h.click({
      action_id: 'incident.resolve_confirmed',
      value: confirm?.value ?? '',
      user_id: ANA,
      channel_id: room,
    });
    expect(await h.waitForReplies(confirmed.responseUrl, 1)).toEqual([
      'INC-0001 is now *resolved*. What was still open is on the timeline and goes into the postmortem. When the dust settles, the lead closes it with `/incident close`.',
    ]);
    const incident = h.app.store.incidents.byNumber(1);
    expect(incident).toMatchObject({ status: 'resolved' });
    expect(incident?.mitigatedAt).not.toBeNull();
    const statuses = h.app.store.timeline
      .forIncident(incidentId)
      .filter((e) => e.kind === 'status.changed')
      .map((e) => JSON.parse(e.payload) as { to: string; via: string; openWork?: unknown });
    // Acknowledging moved it to investigating; the rest is what the lead typed and pressed.
    expect(statuses.map((s) => `${s.to} via ${s.via}`)).toEqual([
      'investigating via button',
      'identified via command',
      'monitoring via command',
      'resolved via button',
    ]);
    expect(statuses.at(-1)?.openWork).toEqual(OPEN_WORK);
    await h.fake.waitFor(() => inRoom(/still open \(confirmed\)/) !== undefined);
    expect(inRoom(/still open \(confirmed\)/)?.text).toBe(
      `:arrows_counterclockwise: Status monitoring → *resolved* by u7 (U7) — resolved with playbook work still open (confirmed): ${OPEN_AT_RESOLVE}`,
    );
    await h.fake.waitFor(() => (header() ?? '').includes(':white_check_mark: Resolved'));
    // Resolved: the header no longer offers Resolve.
    expect(header()).not.toContain('"action_id":"incident.resolve"');
  });

  it('5. the postmortem: prompt, modal whys, category and finalize by command, Markdown uploaded to the war room', async () => {
    await h.fake.waitFor(() => withButton('postmortem.start') !== undefined);
    expect(withButton('postmortem.start')?.text).toMatch(
      /SEV1 incidents close only after the postmortem is finalized\./,
    );
    // Cheap to show, and it is the rule: not before the postmortem is final.
    expect(await say('close', ANA)).toMatch(
      /^INC-0001 is SEV1: SEV1 incidents close only after their postmortem is finalized\./,
    );

    // Start postmortem answers with the modal itself, not with a message.
    const before = h.fake.views.length;
    await click(/^postmortem\.start$/, DEV);
    await h.fake.waitFor(() => h.fake.views.length > before);
    const why1 = h.fake.views.at(-1)?.view as unknown as View;
    expect(validateView(why1)).toEqual([]);
    expect(why1.callback_id).toBe('postmortem.why');
    const input = (value: string) => ({ type: 'plain_text_input', value });
    const next = { pm_next: { pm_next: { type: 'radio_buttons', selected_option: { value: 'next' } } } };
    const ack1 = await submit(why1, DEV, {
      pm_problem: { pm_problem: input('Checkout returned 5xx for 20 minutes') },
      pm_answer: { pm_answer: input('the checkout-api connection pool was exhausted') },
      ...next,
    });
    expect(ack1.response_action).toBe('update');
    const ack2 = await submit(ack1.view as View, BEN, {
      pm_answer: { pm_answer: input('a config push set its pool size to 1') },
      ...next,
    });
    expect(ack2.view?.blocks.find((b) => b.block_id === 'pm_answer')?.label?.text).toBe(
      'Why 3 (chain 1): Why did this happen: a config push set its pool size to 1?',
    );
    // The modal is closed here: both answers were saved as they were given.

    expect(await say('postmortem category change-deploy', ANA)).toBe('Root-cause category: *Change / deploy*.');
    expect(await say('postmortem finalize', BEN)).toBe(
      'Only the incident lead finalizes the INC-0001 postmortem. Everyone else can keep adding to it.',
    );
    expect(await say('postmortem finalize', ANA)).toMatch(/^The INC-0001 postmortem is finalized/);

    await h.fake.waitFor(() => h.fake.files.some((f) => f.channels?.includes(room)));
    const file = h.fake.files.find((f) => f.channels?.includes(room));
    expect(file?.name).toBe('INC-0001-postmortem.md');
    const markdown = file?.content.toString('utf8') ?? '';
    expect(markdown).toBe(h.app.store.postmortems.forIncident(incidentId)?.markdown);
    // What the commander lived is in the document: the playbook and its steps, the approval, the roles, the whys.
    for (const line of [
      'Playbook **Service outage or degradation** (v1) attached',
      // Who did what, by name and id: the requester and the approver of the rollback are two people (four eyes).
      'Done by u8 (U8): Confirm customer impact and scope',
      'Was there a change in the last 2 hours? → **Yes** (decided by u8 (U8))',
      'Approval requested by u8 (U8) for **rollback_deploy**',
      '**rollback_deploy** approved by u7 (U7)',
      '**rollback_deploy** ran via dry-run',
      'Done by u8 (U8): Apply and record the mitigation',
      'Note by u3 (U3): Status page moved to Monitoring; support briefed',
      'p99 back at 180 ms on every checkout host',
      // People are named by the handle Slack sent with their last click or command (the fake's is the id, lowercased).
      '- Lead: u7 (U7)\n- comms: u3 (U3)\n- ops: u8 (U8)\n- Postmortem: started by u2 (U2), finalized by u7 (U7)',
      '1. **Why did this happen: Checkout returned 5xx for 20 minutes?**  \n   the checkout-api connection pool was exhausted — u2 (U2)',
      '2. **Why did this happen: the checkout-api connection pool was exhausted?**  \n   a config push set its pool size to 1 — u8 (U8)',
      'Root-cause category: **Change / deploy**',
      '| Detection to war room | 4 minutes |',
      // Resolved with the recovery stage unfinished: the review sees what was left and who confirmed it.
      '## Open at resolve',
      'by u7 (U7), who confirmed that this playbook work was still open:\n\n- recovery: Verify recovery with metrics (`service-outage/verify-recovery`)\n- recovery: Post the resolved status update (`service-outage/status-page-resolved`)\n- never started: Learn from it, 2 step(s) (`service-outage`, post-incident)',
      'resolved with playbook work still open (confirmed): 2 recovery steps are still open',
    ])
      expect(markdown).toContain(line);
    // Acknowledged within a second or so: a duration, never an empty cell.
    expect(markdown).toMatch(/\| Time to acknowledge \| \d+ seconds? \|/);
  });

  it('6. a corrective action: added by command, done with a link by its owner, verified by someone else', async () => {
    expect(
      await say(
        `action add Canary every checkout-api config push owner:<@${BEN}> due:2099-12-31 kind:prevent verify:"a pool-size change is stopped at the 5% canary" service:checkout`,
        ANA,
      ),
    ).toBe(
      `Added corrective action *A1* for <@${BEN}>, due 2099-12-31. It is done with \`/incident action done A1 &lt;link or EV-id&gt;\`, and verified by someone else.`,
    );
    expect(await say('action done A1 <https://git.example.com/checkout/pull/311>', BEN)).toBe(
      `Marked *A1* done. Someone other than <@${BEN}> verifies it: \`/incident action verify A1\`.`,
    );
    expect(await say('action verify A1', BEN)).toMatch(/^You own A1, so someone else verifies it/);
    expect(await say('action verify A1', CAROL)).toBe('Verified *A1*: Canary every checkout-api config push.');
    const postmortem = h.app.store.postmortems.forIncident(incidentId);
    expect(h.app.store.postmortems.actions(postmortem?.id ?? 0)).toEqual([
      expect.objectContaining({
        number: 1,
        ownerId: BEN,
        status: 'verified',
        doneBy: BEN,
        verifiedBy: CAROL,
        evidence: 'https://git.example.com/checkout/pull/311',
      }),
    ]);
  });

  it('7. the lead closes it; the stats count it; its timeline verifies', async () => {
    expect(await say('close', ANA)).toBe('INC-0001 is closed. Thank you, everyone.');
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('closed');

    const stats = await say('stats 30d', ANA, 'C0GENERAL');
    expect(stats).toMatch(/^\*Incidents, last 30 days\* \(drills excluded\)\n• all: 1 incident · MTTA [\d.]+ min/);
    expect(stats).toContain('• SEV1: 1 incident');
    expect(stats).toMatch(/\*By service\*\n• checkout: 1 incident/);
    expect(stats).toMatch(/\*By priority\*\n• P1: 1 incident/);
    expect(stats).toContain(
      '• postmortems: 1 finalized, 0 in draft · corrective actions: 0 open (0 overdue), 0 awaiting verification, 1 verified',
    );
    expect(stats).toContain('• playbook steps: every SLA met');
    expect(stats).toContain('• resolved with playbook steps still open: 1 of 1 incidents');
    expect(stats).toMatch(/• slowest steps: service-outage \/ .+ done\)/);

    // `warroom timeline verify INC-0001`, minus the process: the hash chain holds over every entry.
    const entries = h.app.store.timeline.forIncident(incidentId);
    const verdict = verifyTimelineChain(entries);
    expect(verdict).toMatchObject({ ok: true, problems: [], entries: entries.length });
    // The whole day in the order it happened (the alert burst first; the alert tests pin down its own order).
    const story = entries.map((e) => e.kind);
    // checkout's catalog entry names its standing bridge: the incident starts with it.
    expect(story.slice(0, 6).sort()).toEqual(OPENING_KINDS);
    expect(story.slice(6)).toEqual(DAY_KINDS);
    // `warroom timeline export INC-0001` on the same database: the auditor's copy names requester and approver.
    const exported = runCli(['timeline', 'export', 'INC-0001', '--db', h.app.database.sqlite.name], {});
    expect(exported.code).toBe(0);
    expect(exported.stdout?.split('\n')[0]).toBe(
      `INC-0001 timeline: Checkout API 5xx ratio above 5% (${entries.length} entries, times in UTC, chain head sha256:${verdict.headHash})`,
    );
    for (const line of [
      /^#\d+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d — Approval requested by u8 \(U8\) for rollback_deploy/m,
      /^#\d+ .+ — rollback_deploy approved by u7 \(U7\)$/m,
      /^#\d+ .+ — Note by u3 \(U3\): Status page moved to Monitoring; support briefed$/m,
      /^#\d+ .+ — Postmortem finalized by u7 \(U7\) — /m,
      /^#\d+ .+ — Corrective action A1 verified by u3 \(U3\): Canary every checkout-api config push$/m,
      /^#\d+ .+ — Incident closed by u7 \(U7\)$/m,
    ])
      expect(exported.stdout).toMatch(line);

    // Nothing the app sent was refused by Slack along the way (inviting Ben, already in the room as on-call, is
    // answered already_in_channel, which the adapter takes as done).
    expect(h.fake.calls.filter((c) => !c.ok).map((c) => `${c.method}: ${c.error ?? ''}`)).toEqual([
      'conversations.invite: already_in_channel',
    ]);
  });
});
