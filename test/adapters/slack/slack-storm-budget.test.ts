// The storm budget end to end on Slack: an hour of two alerts firing again and again (one in a war room, one in
// triage), through the real webhook route, the inbox processor, routing, the outbox and the fake Slack Web API, on a
// test clock (no real hour, no sleeps), then walked to the end: the alerts resolve and so does the incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpIntervalMs } from '../../../src/core/outbox/roll-up-budget.js';
import { verifyTimelineChain } from '../../../src/core/timeline/verify-timeline-chain.js';
import {
  driveStorm,
  postStorm,
  redrawTimes,
  rolledUpRepeats,
  routed,
  stormSchedule,
  type StormAlert,
} from '../../support/alert-storm.js';
import { runOutbox } from '../../support/run-outbox.js';
import { startSlackHarness, TRIAGE, type SlackHarness } from '../../support/slack-harness.js';
import { testClock } from '../../support/test-store.js';

const SECRET = 'alertmanager-secret-0123456789';
const HOUR = 3_600_000;
/** Repeats of each alert: reduced from the 10,000 (the budget depends on how long a storm lasts, not on how many alerts it has). */
const REPEATS = 2_000;

const clock = testClock('2026-12-08T10:00:00.000Z');
let h: SlackHarness;
beforeAll(async () => {
  // Slack's real per-channel pacing (about one message a second).
  h = await startSlackHarness(
    { WEBHOOK_SECRET_ALERTMANAGER: SECRET },
    { clock, slackPacing: { perSecond: 1, burst: 4 } },
  );
});
afterAll(() => h.stop());

/** P2 (critical, a service the catalog does not know): opens a war room. */
const ROOM_ALERT: StormAlert = {
  fingerprint: 'pay',
  summary: 'Payments API unreachable',
  severity: 'critical',
  service: 'payments',
};
/** P4 (warning): waits in the triage channel. */
const TRIAGE_ALERT: StormAlert = {
  fingerprint: 'disk',
  summary: 'Disk 85% full on db-7',
  severity: 'warning',
  service: 'db',
};

const fire = async (alerts: StormAlert[], copies = 1) =>
  expect(await postStorm(h.app.url, SECRET, alerts, copies)).toBe(202);
/** Posts and edits Slack answered ok in a channel. */
const chatCalls = (channel: string) =>
  h.fake.calls.filter(
    (c) => c.ok && (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === channel,
  );

describe('storm budget on Slack', () => {
  it(`an hour of ${REPEATS.toLocaleString('en-US')} repeats: ≤ 30 chat calls in the war room and for the triage message, exact counts, the timeline rolled up and chained`, async () => {
    await fire([ROOM_ALERT, TRIAGE_ALERT]);
    await routed(h.app);
    await runOutbox(h.app, clock);
    const incident = h.app.store.incidents.byNumber(1);
    const room = incident?.channelId ?? '';
    expect(room).toMatch(/^C/);
    const triage = h.fake.messages.find((m) => m.channel === TRIAGE && (m.text ?? '').includes('Disk 85% full'));
    expect(triage).toBeDefined();

    // Every second for two minutes (while the budget's waits are short, the worst case for how often it allows an
    // edit), then every 15 s for the rest of the hour.
    const steps = stormSchedule({ total: REPEATS, durationMs: HOUR, denseMs: 2 * 60_000, stepMs: 15_000 });
    expect(await driveStorm(h.app, clock, steps, (n) => fire([ROOM_ALERT, TRIAGE_ALERT], n))).toBe(REPEATS);
    // The storm is over: the redraws the budget still holds go out on their time.
    await runOutbox(h.app, clock);

    // The war room: every post and edit in it during the storm hour, its opening included.
    expect(chatCalls(room).length).toBeLessThanOrEqual(30);
    const summary = h.fake.messages.find((m) => m.channel === room && /^\*Alerts\*/.test(m.text ?? ''));
    expect(summary?.text).toMatch(/^\*Alerts\* — 2,001 received · 1 firing · 0 resolved/);
    expect(summary?.text).toContain('×2,001');
    // Its edits came on a widening interval: each wait at least what the budget allows after that many edits.
    const sent = redrawTimes(h.app, `warroom.alerts:${incident?.id}`);
    expect(sent).toHaveLength(1 + (summary?.updates ?? 0));
    expect(summary?.updates).toBeGreaterThan(10);
    sent.slice(1).forEach((at, i) => expect(at - (sent[i] ?? 0)).toBeGreaterThanOrEqual(rollUpIntervalMs(i + 1)));

    // Triage: the same budget for its one message, and the count exact.
    const triageCalls = h.fake.calls.filter(
      (c) => c.ok && c.method === 'chat.update' && c.args.channel === TRIAGE && c.args.ts === triage?.ts,
    );
    expect(1 + triageCalls.length).toBeLessThanOrEqual(30);
    expect(JSON.stringify(triage?.blocks)).toContain('Received 2,001 times');

    // The timeline: repeats in roll-up entries (about one a minute, in order, none overlapping), each counted once.
    clock.advance(60_000);
    expect(h.app.scheduler.runOnce()).toBe(true);
    let entries = h.app.store.timeline.forIncident(incident?.id ?? 0);
    const windows = rolledUpRepeats(h.app, incident?.id ?? 0);
    expect(windows.reduce((n, w) => n + w.repeats, 0)).toBe(REPEATS);
    expect(windows.every((w) => w.alerts.length === 1 && w.alerts[0]?.repeats === w.repeats)).toBe(true);
    windows.slice(1).forEach((w, i) => expect(w.from >= (windows[i]?.to ?? '')).toBe(true));
    expect(windows.length).toBeGreaterThanOrEqual(50);
    expect(windows.length).toBeLessThanOrEqual(62);
    expect(entries.map((e) => e.kind)).not.toContain('alert.repeated');
    expect(verifyTimelineChain(entries).ok).toBe(true);
    expect(h.app.store.alerts.latest('alertmanager', 'pay')?.receivedCount).toBe(REPEATS + 1);
    expect(h.app.store.alerts.latest('alertmanager', 'disk')?.receivedCount).toBe(REPEATS + 1);

    // Three more repeats, then both alerts resolve: the repeats go on the timeline before the resolve, and the resolve
    // edits both messages at once (it is news, not a count moving).
    clock.advance(10_000);
    await fire([ROOM_ALERT], 3);
    clock.advance(10_000);
    await fire([
      { ...ROOM_ALERT, status: 'resolved' },
      { ...TRIAGE_ALERT, status: 'resolved' },
    ]);
    await routed(h.app);
    // Sent within Slack's pacing of the room (a few posts a second), not after the storm budget's wait (minutes now).
    expect(await runOutbox(h.app, clock)).toBeLessThan(10_000);
    entries = h.app.store.timeline.forIncident(incident?.id ?? 0);
    expect(entries.slice(-3).map((e) => e.kind)).toEqual(['alerts.repeated', 'alert.resolved', 'alerts.all_resolved']);
    expect(rolledUpRepeats(h.app, incident?.id ?? 0).at(-1)?.repeats).toBe(3);
    expect(summary?.text).toMatch(/^\*Alerts\* — 2,005 received · 0 firing · 1 resolved/);
    expect(JSON.stringify(triage?.blocks)).toContain('Resolved at the source before anyone decided');
    expect(
      h.fake.messages.some((m) => m.channel === room && /^Every alert of INC-0001 is resolved/.test(m.text ?? '')),
    ).toBe(true);

    // Someone resolves the incident (its playbook's open steps asked about first): its timeline, every repeat counted
    // once in it, still verifies.
    const asked = await h.command('status resolved', { channel_id: room, user_id: 'U1' });
    expect((await h.waitForReplies(asked.responseUrl, 1))[0]).toMatch(/Resolve INC-0001 anyway\?/);
    const sure = await h.command('resolve anyway the storm is over', { channel_id: room, user_id: 'U1' });
    expect((await h.waitForReplies(sure.responseUrl, 1))[0]).toMatch(/^INC-0001 is now \*resolved\*/);
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('resolved');
    entries = h.app.store.timeline.forIncident(incident?.id ?? 0);
    expect(rolledUpRepeats(h.app, incident?.id ?? 0).reduce((n, w) => n + w.repeats, 0)).toBe(REPEATS + 3);
    expect(verifyTimelineChain(entries).ok).toBe(true);
  }, 180_000);
});
