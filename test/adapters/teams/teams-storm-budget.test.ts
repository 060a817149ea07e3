// The storm budget on Teams: the same hour of repeats as on Slack (test/adapters/slack/slack-storm-budget.test.ts),
// through the real webhook route, routing and outbox, into the Teams port (its own pacing, edits as activity PUTs) and
// a fake Bot Connector that enforces Teams' rate limits, on a test clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpIntervalMs } from '../../../src/core/outbox/roll-up-budget.js';
import { verifyTimelineChain } from '../../../src/core/timeline/verify-timeline-chain.js';
import type { ConnectorCall } from '../../fakes/fake-bot-framework.js';
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
import { FALLBACK_CHANNEL, startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';
import { channelPosts } from '../../support/teams-room-posts.js';
import { testClock } from '../../support/test-store.js';

const SECRET = 'alertmanager-secret-0123456789';
const HOUR = 3_600_000;
const REPEATS = 2_000;

const clock = testClock('2026-12-08T10:00:00.000Z');
let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness({ WEBHOOK_SECRET_ALERTMANAGER: SECRET }, { clock, enforceRateLimits: true });
});
afterAll(() => h.stop());

const ROOM_ALERT: StormAlert = {
  fingerprint: 'pay',
  summary: 'Payments API unreachable',
  severity: 'critical',
  service: 'payments',
};
const TRIAGE_ALERT: StormAlert = {
  fingerprint: 'disk',
  summary: 'Disk 85% full on db-7',
  severity: 'warning',
  service: 'db',
};
const fire = async (alerts: StormAlert[], copies = 1) =>
  expect(await postStorm(h.app.url, SECRET, alerts, copies)).toBe(202);
const ok = (c: ConnectorCall) => c.status >= 200 && c.status < 300;
/** Posts and edits the connector carried out in a channel (its threads included). */
const callsIn = (channel: string) =>
  h.bot.connectorCalls.filter(
    (c) => ok(c) && c.conversation === channel && (c.method === 'POST' || c.method === 'PUT'),
  );
const postWith = (channel: string, text: string) =>
  channelPosts(h.bot.connectorCalls, channel).find((p) => JSON.stringify(p.activity).includes(text));

describe('storm budget on Teams', () => {
  it(`an hour of ${REPEATS.toLocaleString('en-US')} repeats: ≤ 30 posts and edits in the war room and of the triage post, never over Teams' limits, exact counts, the timeline rolled up`, async () => {
    await fire([ROOM_ALERT, TRIAGE_ALERT]);
    await routed(h.app);
    await runOutbox(h.app, clock);
    const incident = h.app.store.incidents.byNumber(1);
    const room = incident?.channelId ?? '';
    expect(room).toMatch(/^19:.+@thread\.tacv2$/);
    expect(postWith(FALLBACK_CHANNEL, 'Disk 85% full on db-7')).toBeDefined();

    const steps = stormSchedule({ total: REPEATS, durationMs: HOUR, denseMs: 2 * 60_000, stepMs: 15_000 });
    expect(await driveStorm(h.app, clock, steps, (n) => fire([ROOM_ALERT, TRIAGE_ALERT], n))).toBe(REPEATS);
    await runOutbox(h.app, clock);

    expect(callsIn(room).length).toBeLessThanOrEqual(30);
    // Teams never had to say no: the budget kept far inside its limits.
    expect(h.bot.connectorCalls.filter((c) => c.status === 429)).toEqual([]);
    const summary = postWith(room, ' received · ');
    expect(JSON.stringify(summary?.activity)).toContain('2,001 received · 1 firing · 0 resolved');
    expect(JSON.stringify(summary?.activity)).toContain('×2,001');
    const sent = redrawTimes(h.app, `warroom.alerts:${incident?.id}`);
    expect(sent).toHaveLength(1 + (summary?.edits ?? 0));
    expect(summary?.edits).toBeGreaterThan(10);
    sent.slice(1).forEach((at, i) => expect(at - (sent[i] ?? 0)).toBeGreaterThanOrEqual(rollUpIntervalMs(i + 1)));

    const triage = postWith(FALLBACK_CHANNEL, 'Disk 85% full on db-7');
    expect(1 + (triage?.edits ?? 0)).toBeLessThanOrEqual(30);
    expect(JSON.stringify(triage?.activity)).toContain('Received 2,001 times');

    clock.advance(60_000);
    expect(h.app.scheduler.runOnce()).toBe(true);
    const windows = rolledUpRepeats(h.app, incident?.id ?? 0);
    expect(windows.reduce((n, w) => n + w.repeats, 0)).toBe(REPEATS);
    expect(windows.length).toBeLessThanOrEqual(62);
    expect(verifyTimelineChain(h.app.store.timeline.forIncident(incident?.id ?? 0)).ok).toBe(true);
    expect(h.app.store.alerts.latest('alertmanager', 'pay')?.receivedCount).toBe(REPEATS + 1);
  }, 180_000);
});
