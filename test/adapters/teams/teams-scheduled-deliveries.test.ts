// What the scheduler sends, delivered on Teams: the Teams counterparts of test/infra/schedule/scheduled-deliveries
// (sandbox) and the escalation, reminder and regulatory-clock cases of scheduled-jobs (core), plus stakeholder
// updates. Each runs through the real app: alerts through the webhook, commands through the route and teams-ai,
// `scheduler.runOnce()` on a test clock (as the minute cron would), the outbox, and the Teams port, checked at the fake
// Bot Connector — which conversation got what (the war-room channel, a Teams channel, a person's chat with the bot) —
// and on the timeline.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from '../../fakes/fake-bot-framework.js';
import { runOutbox } from '../../support/run-outbox.js';
import {
  CAROL,
  DAN,
  OPS_CHANNEL,
  startTeamsHarness,
  type TeamsHarness,
  type TeamsPerson,
} from '../../support/teams-harness.js';
import { testClock, type TestClock } from '../../support/test-store.js';

const AM_SECRET = 'alertmanager-secret-0123456789';
const ANNOUNCE = '19:announce@thread.tacv2';
const MINUTE = 60_000;

/** config/ files with Teams in them: checkout pages Carol, then Dan after 10 minutes, then Carol again after 30. */
function teamsConfig(digestDay: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-teams-config-'));
  const catalog = join(dir, 'catalog.yaml');
  writeFileSync(
    catalog,
    `services:
  - id: checkout
    name: Checkout API
    owner_team: payments
    tier: 1
    aliases: [checkout-api]
    oncall: { teams_users: ["${CAROL.aadObjectId}"] }
    escalation:
      - { after_minutes: 10, teams_users: ["${DAN.aadObjectId}"] }
      - { after_minutes: 30, teams_users: ["${CAROL.aadObjectId}"] }
`,
  );
  const policy = join(dir, 'policy.yaml');
  writeFileSync(
    policy,
    readFileSync(new URL('../../../config/policy.yaml', import.meta.url), 'utf8').replace(
      'weekly_digest: { channel: null, day: mon, at: "09:00" }',
      `weekly_digest: { channel: "${OPS_CHANNEL}", day: ${digestDay}, at: "09:00" }`,
    ),
  );
  return { WARROOM_CATALOG: catalog, WARROOM_POLICY: policy, WEBHOOK_SECRET_ALERTMANAGER: AM_SECRET };
}

/**
 * A playbooks folder with one playbook whose regulatory clock starts when it is attached and stops when its "notify"
 * step is done (as in the core test of regulatory clocks); its trigger matches no title, so it is attached by hand.
 */
function clockPlaybooks(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-teams-playbooks-'));
  writeFileSync(
    join(dir, 'breach.yaml'),
    `id: breach
title: Personal data breach
version: 1
description: Personal data may have been exposed.
roles: [comms, security]
triggers:
  - title_contains: [no-such-title]
stages:
  - id: triage
    title: Triage
    steps:
      - { id: scope, title: Scope the breach, type: check, owner: security }
      - { id: notify, title: Notify the supervisory authority, type: check, owner: comms }
clocks:
  - { id: gdpr, title: GDPR Art. 33 notification, hours: 72, starts: attach, stops: notify }
`,
  );
  return { WARROOM_PLAYBOOKS: dir };
}

let h: TeamsHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const ok = (c: ConnectorCall) => c.status >= 200 && c.status < 300;
const textOf = (c: ConnectorCall) =>
  String((c.body.activity as { text?: unknown } | undefined)?.text ?? c.body.text ?? '');
const mentionedIn = (c: ConnectorCall) =>
  (
    ((c.body.activity as Record<string, unknown> | undefined) ?? c.body).entities as
      | Array<{ mentioned?: { id?: string } }>
      | undefined
  )?.map((e) => e.mentioned?.id) ?? [];
/**
 * What was said (successfully) in a conversation since call `from`: a channel with its threads, or a personal chat
 * (opening the chat itself says nothing).
 */
const saidIn = (harness: TeamsHarness, conversation: string, from = 0) =>
  harness.bot.connectorCalls
    .slice(from)
    .filter((c) => ok(c) && c.conversation === conversation && textOf(c) !== '')
    .map(textOf);
const chatOf = (harness: TeamsHarness, person: TeamsPerson) => harness.bot.personalChatOf(person.id);

async function start(clock: TestClock, env: Record<string, string> = {}): Promise<TeamsHarness> {
  const harness = await startTeamsHarness({ ...teamsConfig('wed'), ...env }, { clock });
  // Carol and Dan have used warroom before: the directory knows their Teams ids and names (mentions notify them).
  expect(await harness.say('help', { from: CAROL })).toBe(200);
  expect(await harness.say('help', { from: DAN })).toBe(200);
  await runOutbox(harness.app, clock);
  return harness;
}

describe('scheduled deliveries on Teams', () => {
  it('an unacknowledged alert pages on-call in the war room and their chat, escalates to the next level after 10 minutes, reminds the room of its status at 15, and stops escalating once acknowledged', async () => {
    const clock = testClock('2026-12-08T08:00:00.000Z');
    h = await start(clock);
    const alert = readFileSync(
      new URL('../../fixtures/alerts/alertmanager/firing-group.json', import.meta.url),
      'utf8',
    );
    const res = await fetch(`${h.app.url}/webhooks/alerts/alertmanager`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AM_SECRET}`, 'content-type': 'application/json' },
      body: alert,
    });
    expect(res.status).toBe(202);
    await h.until(() => h?.app.store.incidents.byNumber(1));
    await runOutbox(h.app, clock);
    const room = h.app.store.incidents.byNumber(1)?.channelId ?? '';
    expect(room).toMatch(/^19:.+@thread\.tacv2$/);

    // Paged on open: Carol (checkout's on-call) is @mentioned in the war room and told in her chat with the bot.
    const paged = /INC-0001 \(P1\) needs you: Checkout API 5xx ratio above 5%/;
    const pageInRoom = h.bot.connectorCalls.find((c) => ok(c) && c.conversation === room && paged.test(textOf(c)));
    expect(textOf(pageInRoom as ConnectorCall)).toMatch(/^<at>Carol Medina<\/at> INC-0001 \(P1\) needs you/);
    expect(mentionedIn(pageInRoom as ConnectorCall)).toEqual([CAROL.id]);
    expect(saidIn(h, chatOf(h, CAROL)).filter((t) => paged.test(t))).toHaveLength(1);
    expect(saidIn(h, chatOf(h, DAN)).filter((t) => paged.test(t))).toEqual([]);

    // 10 minutes unacknowledged: the scheduler pages level 1 (Dan), once, in the room and in his chat — even though
    // Teams throttles his chat at first: the retry sends what is missing, not the room's post again.
    clock.advance(10 * MINUTE);
    const danChat = chatOf(h, DAN);
    h.bot.throttle({ forMs: 2_000, retryAfter: 2, conversation: danChat });
    let mark = h.bot.connectorCalls.length;
    expect(h.app.scheduler.runOnce()).toBe(true);
    expect(h.app.scheduler.runOnce()).toBe(true); // a second pass in the same minute sends nothing more
    await runOutbox(h.app, clock);
    const escalated = h.app.store.timeline.forIncident(1).filter((e) => e.kind === 'incident.escalated');
    expect(escalated.map((e) => JSON.parse(e.payload))).toEqual([
      { level: 1, afterMinutes: 10, group: null, users: [DAN.aadObjectId] },
    ]);
    const escalation = h.bot.connectorCalls.slice(mark).filter((c) => ok(c) && c.conversation === room);
    expect(escalation.filter((c) => paged.test(textOf(c))).map(mentionedIn)).toEqual([[DAN.id]]);
    expect(escalation.map(textOf)).toContainEqual(expect.stringMatching(/escalat/i));
    expect(saidIn(h, chatOf(h, DAN), mark).filter((t) => paged.test(t))).toHaveLength(1);
    expect(h.bot.connectorCalls.slice(mark).filter((c) => c.conversation === danChat && c.status === 429)).not.toEqual(
      [],
    );
    expect(saidIn(h, chatOf(h, CAROL), mark)).toEqual([]);

    // 15 minutes without a status update: the war room is reminded (and so is the comms role, whose step of the
    // playbook the alert attached is past its 15-minute SLA).
    clock.advance(5 * MINUTE);
    mark = h.bot.connectorCalls.length;
    h.app.scheduler.runOnce();
    await runOutbox(h.app, clock);
    expect(saidIn(h, room, mark)).toEqual([
      expect.stringMatching(/^⏳ No status update for 15 min\. Whoever leads: tell the room where things stand — /),
      expect.stringMatching(/^⏰ The comms role \(nobody holds it — .*\): ".+" is past its 15-minute SLA\.$/),
    ]);

    // Carol acknowledges in the war room; at 45 minutes level 2 (30 min) is not paged.
    expect(await h.say('ack', { channelId: room, conversationId: `${room};messageid=1733000000001` })).toBe(200);
    expect(h.app.store.incidents.byNumber(1)?.acknowledgedAt).not.toBeNull();
    await runOutbox(h.app, clock);
    clock.advance(30 * MINUTE);
    mark = h.bot.connectorCalls.length;
    h.app.scheduler.runOnce();
    await runOutbox(h.app, clock);
    expect(h.app.store.timeline.forIncident(1).filter((e) => e.kind === 'incident.escalated')).toHaveLength(1);
    expect(saidIn(h, room, mark).filter((t) => paged.test(t))).toEqual([]);
    expect(saidIn(h, chatOf(h, CAROL), mark)).toEqual([]);
  });

  it("the overdue corrective action's nudge goes to its owner's chat with the bot, and the weekly digest to its Teams channel", async () => {
    const clock = testClock('2026-12-08T08:00:00.000Z'); // a Tuesday; the digest is on Wednesdays at 09:00
    h = await start(clock);
    expect(await h.say('declare Replica lag sev3')).toBe(200);
    await runOutbox(h.app, clock);
    const room = h.app.store.incidents.byNumber(1)?.channelId ?? '';
    const inRoom = { channelId: room, conversationId: `${room};messageid=1733000000001` };
    expect(await h.say('status resolved', inRoom)).toBe(200);
    expect(await h.say('postmortem', inRoom)).toBe(200);
    expect(
      await h.say(
        'action add Alert on replica lag owner:{{Dan Okafor}} due:2026-12-08 kind:detect verify:"lag alert fires in staging"',
        inRoom,
      ),
    ).toBe(200);
    expect(h.app.store.postmortems.unverifiedActions()).toMatchObject([
      { number: 1, ownerId: DAN.aadObjectId, dueDate: '2026-12-08', status: 'open' },
    ]);
    await runOutbox(h.app, clock);

    // Wednesday 09:05: the action is a day overdue, and it is digest time.
    clock.set('2026-12-09T09:05:00.000Z');
    const mark = h.bot.connectorCalls.length;
    h.app.scheduler.runOnce();
    await runOutbox(h.app, clock);
    expect(saidIn(h, chatOf(h, DAN), mark)).toEqual([
      expect.stringMatching(
        /^⏰ Corrective action \*\*A1\*\* of INC-0001 was due 2026-12-08: Alert on replica lag\n\nDone when: lag alert fires in staging/,
      ),
    ]);
    expect(saidIn(h, chatOf(h, CAROL), mark)).toEqual([]);
    const digest = h.bot.connectorCalls
      .slice(mark)
      .filter((c) => ok(c) && c.conversation === OPS_CHANNEL && c.path === '/v3/conversations');
    expect(digest.map(textOf)).toEqual([
      expect.stringMatching(/^📊 \*\*Incident digest — last 7 days\*\*[\s\S]*INC-0001 SEV3 resolved — Replica lag/),
    ]);
    // Not again the same day (nor twice in a week for the digest).
    clock.advance(60 * MINUTE);
    const later = h.bot.connectorCalls.length;
    h.app.scheduler.runOnce();
    await runOutbox(h.app, clock);
    expect(h.bot.connectorCalls.slice(later).filter(ok)).toEqual([]);
  });

  it('a stakeholder update goes to the announcements channel as a new post and into the war room, and counts as a status update', async () => {
    const clock = testClock('2026-12-08T08:00:00.000Z');
    h = await start(clock, { WARROOM_ANNOUNCE_CHANNEL: ANNOUNCE });
    expect(await h.say('declare Checkout returns 500s sev1')).toBe(200);
    await runOutbox(h.app, clock);
    const room = h.app.store.incidents.byNumber(1)?.channelId ?? '';
    const inRoom = { channelId: room, conversationId: `${room};messageid=1733000000001` };
    clock.advance(14 * MINUTE);
    const mark = h.bot.connectorCalls.length;
    expect(await h.say('update Failing over to the standby; next update 14:30', { ...inRoom, from: DAN })).toBe(200);
    await runOutbox(h.app, clock);

    const announced = h.bot.connectorCalls
      .slice(mark)
      .filter((c) => ok(c) && c.conversation === ANNOUNCE && c.path === '/v3/conversations');
    expect(announced.map(textOf)).toEqual([
      expect.stringMatching(
        /^📢 \*\*INC-0001\*\* \(SEV1 · declared\) Checkout returns 500s\n\nFailing over to the standby; next update 14:30\n\n_<at>Dan Okafor<\/at>, 2026-12-08 08:14:\d\d UTC_ — /,
      ),
    ]);
    expect(mentionedIn(announced[0] as ConnectorCall)).toEqual([DAN.id]);
    expect(saidIn(h, room, mark)).toContain(
      `📢 Stakeholder update by Dan Okafor (${DAN.aadObjectId}): Failing over to the standby; next update 14:30`,
    );
    // It counted as the status update: 15 minutes after declaring, there is nothing to remind.
    clock.advance(1 * MINUTE);
    h.app.scheduler.runOnce();
    const reminders = h.app.database.sqlite.prepare(
      "select count(*) as n from outbox where intent like '%warroom.reminder%'",
    );
    expect(reminders.get()).toEqual({ n: 0 });
  });

  it('a regulatory clock reminds the war room at 50 % and 90 % of its time, once each, and says nothing more once its stopping step is done', async () => {
    const clock = testClock('2026-12-08T08:00:00.000Z');
    h = await start(clock, clockPlaybooks());
    expect(await h.say('declare Customer records exposed sev2')).toBe(200);
    await runOutbox(h.app, clock);
    const incident = h.app.store.incidents.byNumber(1);
    const room = incident?.channelId ?? '';
    expect(room).toMatch(/^19:.+@thread\.tacv2$/);
    const inRoom = { channelId: room, conversationId: `${room};messageid=1733000000001` };
    expect(await h.say('playbook attach breach', inRoom)).toBe(200);
    await runOutbox(h.app, clock);
    expect(h.app.store.schedules.clocksFor(incident?.id ?? 0)).toMatchObject([
      {
        title: 'GDPR Art. 33 notification',
        startedAt: '2026-12-08T08:00:00.000Z',
        deadline: '2026-12-11T08:00:00.000Z',
      },
    ]);
    // Every successful post anywhere that names the clock (status reminders also fall due over these hours).
    const aboutClock = (from: number) =>
      h?.bot.connectorCalls.slice(from).filter((c) => ok(c) && textOf(c).includes('GDPR Art. 33 notification')) ?? [];

    // 37 hours in (past 50 %): one reminder in the war room, naming the clock and what is left; a second pass and a
    // second outbox run in the same hour say nothing more.
    clock.advance(37 * 60 * MINUTE);
    let mark = h.bot.connectorCalls.length;
    expect(h.app.scheduler.runOnce()).toBe(true);
    await runOutbox(h.app, clock);
    h.app.scheduler.runOnce();
    await runOutbox(h.app, clock);
    let said = aboutClock(mark);
    expect(said.map((c) => c.conversation)).toEqual([room]);
    expect(mentionedIn(said[0] as ConnectorCall)).toEqual([CAROL.id]); // the lead (who declared) is notified
    expect(textOf(said[0] as ConnectorCall)).toMatch(
      /^⏱️ <at>Carol Medina<\/at> \*\*GDPR Art\. 33 notification\*\*: 50% of the time used — due 2026-12-11 08:00:00 UTC \(in 1 day\)\.$/,
    );

    // 66 hours in (past 90 %): the 90 % reminder, once, in the war room.
    clock.advance(29 * 60 * MINUTE);
    mark = h.bot.connectorCalls.length;
    h.app.scheduler.runOnce();
    await runOutbox(h.app, clock);
    h.app.scheduler.runOnce();
    await runOutbox(h.app, clock);
    said = aboutClock(mark);
    expect(said.map((c) => c.conversation)).toEqual([room]);
    expect(textOf(said[0] as ConnectorCall)).toMatch(
      /^⏱️ <at>Carol Medina<\/at> \*\*GDPR Art\. 33 notification\*\*: 90% of the time used — due 2026-12-11 08:00:00 UTC \(in 6 hours\)\.$/,
    );

    // The supervisory authority is notified (typed in the war room): the clock stops, and past the deadline nothing
    // more is said about it — no miss.
    expect(await h.say('step done notify', inRoom)).toBe(200);
    await runOutbox(h.app, clock);
    expect(h.app.store.schedules.clocksFor(incident?.id ?? 0)).toMatchObject([
      { stoppedBy: CAROL.aadObjectId, missedAt: null },
    ]);
    clock.advance(10 * 60 * MINUTE);
    mark = h.bot.connectorCalls.length;
    h.app.scheduler.runOnce();
    await runOutbox(h.app, clock);
    expect(aboutClock(mark).map(textOf)).toEqual([]);
    expect(h.app.store.timeline.forIncident(incident?.id ?? 0).map((e) => e.kind)).not.toContain('clock.missed');
  });
});
