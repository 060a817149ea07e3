// A war room that is a thread (no incidents team, no consent, a drill) is opened by a root post, and Teams takes no
// idempotency key for it. These walk the two ways the outbox can come back to `warroom.open` after that post went
// out: the war room was never recorded (a crash, a failed write between the post and the record), and the post's answer
// was lost on the way back.
import { afterEach, describe, expect, it } from 'vitest';
import { warRoomOpenKey } from '../../../src/core/incident/open-incident.js';
import type { ConnectorCall } from '../../fakes/fake-bot-framework.js';
import { runOutbox, settleOutbox } from '../../support/run-outbox.js';
import { FALLBACK_CHANNEL, startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';
import { testClock } from '../../support/test-store.js';

let h: TeamsHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const isRoot = (c: ConnectorCall) =>
  c.path === '/v3/conversations' &&
  c.conversation === FALLBACK_CHANNEL &&
  /This thread is the war room/.test(String((c.body.activity as { text?: unknown } | undefined)?.text));

describe('the fallback thread of a war room, opened once', () => {
  it('a crash between the root post and recording the war room: the retry adopts the thread instead of posting a second', async () => {
    const clock = testClock('2026-12-08T09:00:00.000Z');
    h = await startTeamsHarness({}, { clock, teamId: null });
    // The process dies right after Teams answered the root post: the incident's war room is never written.
    h.app.database.sqlite.exec(`create temp trigger crash_before_record before update of channel_id on incidents
      when new.channel_id is not null begin select raise(abort, 'simulated crash before the war room is recorded'); end`);
    expect(await h.say('declare Search down sev2')).toBe(200);
    await settleOutbox(h.app, clock);
    const roots = () => h?.bot.connectorCalls.filter(isRoot) ?? [];
    expect(roots().map((c) => c.status)).toEqual([201]);
    expect(h.app.store.incidents.byNumber(1)?.channelId).toBeNull();
    expect(h.app.store.outbox.byKey(warRoomOpenKey(1))).toMatchObject({ status: 'pending', attempts: 1 });

    // Back up: the outbox delivers warroom.open again.
    h.app.database.sqlite.exec('drop trigger crash_before_record');
    await runOutbox(h.app, clock);
    expect(roots()).toHaveLength(1);
    const thread = (roots()[0]?.answer as { id: string }).id;
    expect(h.app.store.incidents.byNumber(1)?.channelId).toBe(thread);
    // Everything else for the incident is in that thread.
    const header = h.app.store.incidents.byNumber(1)?.headerMessageId;
    expect(header).toBeTruthy();
    expect(
      h.bot.connectorCalls.filter((c) => c.path === `/v3/conversations/${encodeURIComponent(thread)}/activities`),
    ).not.toEqual([]);
  });

  it('an answer lost on the way back cannot be found again: the next root says an empty thread above can be ignored', async () => {
    const clock = testClock('2026-12-08T09:00:00.000Z');
    h = await startTeamsHarness({}, { clock, teamId: null });
    h.bot.dropNextAnswer();
    expect(await h.say('declare Payments slow sev2')).toBe(200);
    await runOutbox(h.app, clock);

    const roots = h.bot.connectorCalls.filter(isRoot);
    expect(roots.map((c) => c.dropped)).toEqual([true, false]);
    const text = (c: ConnectorCall | undefined) => String((c?.body.activity as { text?: unknown }).text);
    expect(text(roots[0])).not.toMatch(/earlier attempt/);
    expect(text(roots[1])).toMatch(
      /An earlier attempt to open it got no answer from Teams: an empty thread for it above this one can be ignored\.$/,
    );
    expect(h.app.store.incidents.byNumber(1)?.channelId).toBe((roots[1]?.answer as { id: string }).id);
  });

  it('a root post Teams refused made no thread: the retry posts without apologising', async () => {
    const clock = testClock('2026-12-08T09:00:00.000Z');
    h = await startTeamsHarness({}, { clock, teamId: null });
    h.bot.failNext(503);
    expect(await h.say('declare Search slow sev3')).toBe(200);
    await runOutbox(h.app, clock);
    const roots = h.bot.connectorCalls.filter(isRoot);
    expect(roots.map((c) => c.status)).toEqual([503, 201]);
    expect(String((roots[1]?.body.activity as { text?: unknown }).text)).not.toMatch(/earlier attempt/);
  });
});
