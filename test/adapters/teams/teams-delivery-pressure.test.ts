// Teams deliveries under throttling, end to end: war rooms declared through the real route and teams-ai, a burst of
// timeline posts through the outbox, the Teams port's pacer, and a fake Bot Connector that answers 429 with Retry-After
// and enforces Teams' own limits. Time is a test clock the outbox runs on (runOutbox): waits cost nothing, and the fake
// stamps every call with that clock, so the gaps between calls are checked exactly rather than against wall-clock sleeps.
//
// The burst is recorded with the core verb, not typed: each typed command is also answered in its thread, in the turn,
// through botbuilder's client, whose hidden retries sleep on the wall clock through a 429 (docs/adr/0003).
import { afterEach, describe, expect, it } from 'vitest';
import { addNote } from '../../../src/core/timeline/add-note.js';
import type { ConnectorCall } from '../../fakes/fake-bot-framework.js';
import { runOutbox, settleOutbox } from '../../support/run-outbox.js';
import {
  CAROL,
  FALLBACK_CHANNEL,
  INCIDENT_TEAM,
  startTeamsHarness,
  type TeamsHarness,
} from '../../support/teams-harness.js';
import { teamsPersonCtx } from '../../support/teams-person-ctx.js';
import { testClock, type TestClock } from '../../support/test-store.js';

let h: TeamsHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

/** Teams' limits per bot per conversation (rate-limit.md), written out here rather than imported from the pacer. */
const TEAMS_WINDOWS = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
];

/** Every window in which more calls were made than Teams allows, as readable strings (none: []). */
function overLimits(calls: ConnectorCall[]): string[] {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  const over: string[] = [];
  for (const w of TEAMS_WINDOWS)
    for (let i = 0; i + w.limit < times.length; i += 1) {
      const first = times[i] ?? 0;
      const next = times[i + w.limit] ?? 0;
      if (next - first < w.ms)
        over.push(`${w.limit + 1} calls within ${next - first} ms (limit ${w.limit}/${w.ms} ms)`);
    }
  return over;
}

/**
 * Each call made to the conversation later than a 429 from Teams and before its Retry-After was over. Calls made at
 * the same moment (another queue's, already on their way when the 429 was answered) could not have known.
 */
function retryAftersIgnored(calls: ConnectorCall[]): string[] {
  return calls.flatMap((c) => {
    if (c.status !== 429) return [];
    const until = c.at + (c.retryAfter ?? 0) * 1000;
    return calls
      .filter((n) => n.arrived > c.answered && n.at > c.at && n.at < until)
      .map((n) => `429 at ${c.at} asked ${until - c.at} ms; a call followed at ${n.at}`);
  });
}

/** Carol notes `text` on incident `number`, as `@warroom note` would record it: one timeline post to deliver. */
function note(harness: TeamsHarness, clock: TestClock, number: number, text: string): void {
  const incidentId = harness.app.store.incidents.byNumber(number)?.id ?? 0;
  addNote({ ctx: teamsPersonCtx(harness.app, CAROL, clock.now), input: { incidentId, text } });
}

const textOf = (c: ConnectorCall) =>
  String((c.body.activity as { text?: unknown } | undefined)?.text ?? c.body.text ?? '');
const notesIn = (calls: ConnectorCall[], tag: string) =>
  calls
    .filter((c) => c.status >= 200 && c.status < 300)
    .map((c) => new RegExp(`${tag} (\\d+)`).exec(textOf(c))?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);

describe('Teams deliveries under throttling, through the outbox', () => {
  it('a burst into one war room while Teams answers 429: every post once, in order, none dead, Retry-After and the 7/1 s, 8/2 s, 60/30 s windows kept', async () => {
    const clock = testClock('2026-12-08T09:00:00.000Z');
    h = await startTeamsHarness({}, { clock, enforceRateLimits: true });
    expect(await h.say('declare Checkout down sev1')).toBe(200);
    await runOutbox(h.app, clock);
    const room = h.app.store.incidents.byNumber(1)?.channelId ?? '';
    expect(h.graph.channels(INCIDENT_TEAM).map((c) => c.id)).toContain(room);

    // Teams throttles the war room for 5 s (Retry-After 2 s) just as 70 notes are recorded for it.
    const before = h.bot.connectorCalls.length;
    h.bot.throttle({ forMs: 5_000, retryAfter: 2, conversation: room });
    const throttledUntil = clock.now().getTime() + 5_000;
    const NOTES = 70;
    for (let n = 1; n <= NOTES; n += 1) note(h, clock, 1, `burst ${n}`);
    const took = await runOutbox(h.app, clock);

    const calls = h.bot.connectorCalls.slice(before).filter((c) => c.conversation === room);
    // Each note reached the war room exactly once, in the order recorded, and nothing was given up.
    expect(notesIn(calls, 'burst')).toEqual(Array.from({ length: NOTES }, (_, i) => i + 1));
    expect(h.app.store.outbox.listDead()).toEqual([]);
    expect(h.app.store.outbox.countPending()).toBe(0);
    // Teams did throttle it, and only while it said it would: the app never met Teams' own limits.
    const throttled = calls.filter((c) => c.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((c) => c.at < throttledUntil)).toBe(true);
    expect(retryAftersIgnored(calls)).toEqual([]);
    expect(overLimits(h.bot.connectorCalls.filter((c) => c.conversation === room))).toEqual([]);
    // 70 posts at Teams' pace take more than 30 s of (test) time: the 60/30 s window held them, not luck.
    expect(took).toBeGreaterThan(30_000);
  });

  it('two war-room threads in one channel share its budget, and a 429 met by one holds the other too', async () => {
    const clock = testClock('2026-12-08T09:00:00.000Z');
    h = await startTeamsHarness({}, { clock, enforceRateLimits: true, teamId: null });
    expect(await h.say('declare Search down sev2')).toBe(200);
    expect(await h.say('declare Payments slow sev2')).toBe(200);
    await runOutbox(h.app, clock);
    const [first = '', second = ''] = [1, 2].map((n) => h?.app.store.incidents.byNumber(n)?.channelId ?? '');
    expect(first).toMatch(/^19:fallback@thread\.tacv2;messageid=\d+$/);
    expect(second).toMatch(/^19:fallback@thread\.tacv2;messageid=\d+$/);
    expect(first).not.toBe(second);

    // Teams throttles the channel (Retry-After 3 s) as the first war room's notes go out; a second later the other war
    // room has notes of its own. They must wait for the channel's Retry-After too, not meet a 429 of their own.
    const before = h.bot.connectorCalls.length;
    h.bot.throttle({ forMs: 3_000, retryAfter: 3, conversation: FALLBACK_CHANNEL });
    for (let n = 1; n <= 12; n += 1) note(h, clock, 1, `search ${n}`);
    await settleOutbox(h.app, clock);
    clock.advance(1_000);
    for (let n = 1; n <= 12; n += 1) note(h, clock, 2, `payments ${n}`);
    await runOutbox(h.app, clock);

    const calls = h.bot.connectorCalls.slice(before).filter((c) => c.conversation === FALLBACK_CHANNEL);
    const inThread = (thread: string) => calls.filter((c) => decodeURIComponent(c.path).includes(thread));
    expect(notesIn(inThread(first), 'search')).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(notesIn(inThread(second), 'payments')).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(h.app.store.outbox.listDead()).toEqual([]);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(1);
    expect(retryAftersIgnored(calls)).toEqual([]);
    expect(overLimits(h.bot.connectorCalls.filter((c) => c.conversation === FALLBACK_CHANNEL))).toEqual([]);
  });
});
