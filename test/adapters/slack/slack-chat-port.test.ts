import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackChatPort, slackWebClient } from '../../../src/adapters/slack/slack-chat-port.js';
import { DeliveryError } from '../../../src/core/delivery-error.js';
import { textView } from '../../../src/core/chat-view.js';
import { ACTION } from '../../../src/adapters/slack/ids.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';

const SINCE = new Date('2026-01-01T00:00:00Z');
const ROOM = { about: 'INC-0001 SEV2 · test', drill: false };
let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(() => fake.stop());

describe('Slack chat port', () => {
  it('paces conversations.create to Tier 2 (burst 5, then 20 a minute) without calling Slack', async () => {
    let clock = 0;
    const port = slackChatPort(slackWebClient('xoxb-test', fake.apiUrl), () => clock);
    for (let i = 1; i <= 5; i += 1)
      expect(await port.openRoom(`inc-000${i}`, SINCE, ROOM)).toMatchObject({ name: `inc-000${i}` });
    const refused = await port.openRoom('inc-0006', SINCE, ROOM).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeliveryError);
    expect(refused).toMatchObject({ disposition: 'wait', retryAfterMs: 3_000 });
    expect(fake.callsTo('conversations.create')).toHaveLength(5);
    clock += 3_000;
    expect(await port.openRoom('inc-0006', SINCE, ROOM)).toMatchObject({ name: 'inc-0006' });
  });

  it('maps Slack answers to retry, permanent or success', async () => {
    const port = slackChatPort(slackWebClient('xoxb-test', fake.apiUrl));
    const channel = fake.seedChannel({ name: 'room' });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(await port.post(channel.id, textView('x')).catch((e: unknown) => e)).toMatchObject({
      disposition: 'retry',
      retryAfterMs: 7_000,
    });
    fake.failNext('chat.postMessage', { status: 503 });
    expect(await port.post(channel.id, textView('x')).catch((e: unknown) => e)).toMatchObject({ disposition: 'retry' });
    expect(await port.post('C404', textView('x')).catch((e: unknown) => e)).toMatchObject({
      disposition: 'permanent',
      message: 'chat.postMessage: channel_not_found',
    });
    // Inviting someone already there is fine; the bot joins an announcements channel it is not in.
    await port.invite(channel.id, ['UBOT']);
    const elsewhere = fake.seedChannel({ name: 'announce', members: [] });
    await port.post(elsewhere.id, textView('hello'));
    expect(fake.okCallsTo('conversations.join')).toHaveLength(1);
  });

  it('resolves a configured channel name to its id (start-up map first, then one lookup), and asks again about a miss only after 10 s', async () => {
    let clock = 0;
    const port = slackChatPort(slackWebClient('xoxb-test', fake.apiUrl), () => clock, new Map([['triage', 'C0KNOWN']]));
    expect(await port.resolveChannel('triage')).toBe('C0KNOWN');
    expect(await port.resolveChannel('C0123ABC')).toBe('C0123ABC');
    expect(fake.callsTo('conversations.list')).toHaveLength(0);
    expect(await port.resolveChannel('#late')).toBe('late');
    expect(await port.resolveChannel('late')).toBe('late');
    expect(fake.callsTo('conversations.list')).toHaveLength(1);
    // Created after start (an operator fixed it): found once the miss has expired, then remembered.
    const late = fake.seedChannel({ name: 'late' });
    clock += 10_001;
    expect(await port.resolveChannel('late')).toBe(late.id);
    expect(await port.resolveChannel('late')).toBe(late.id);
    expect(fake.callsTo('conversations.list')).toHaveLength(2);
    expect(await port.post(await port.resolveChannel('late'), textView('hello'))).not.toBe('');
  });
  it('draws a view through its presenter, and an edit to plain text removes the old buttons', async () => {
    const port = slackChatPort(slackWebClient('xoxb-test', fake.apiUrl));
    const channel = fake.seedChannel({ name: 'room' });
    const ts = await port.post(channel.id, { kind: 'resolve_prompt', incidentId: 7, text: 'All alerts resolved.' });
    const posted = fake.messages.find((m) => m.ts === ts);
    expect(posted).toMatchObject({
      text: 'All alerts resolved.',
      blocks: [expect.anything(), { type: 'actions', elements: [{ action_id: ACTION.resolve, value: '7' }] }],
    });
    await port.update(channel.id, ts, textView('Resolved by <@U1>.'));
    expect(posted).toMatchObject({ text: 'Resolved by <@U1>.', blocks: undefined, updates: 1 });
    // A private answer keeps its buttons too.
    await port.postPrivate(channel.id, 'U1', { kind: 'postmortem_prompt', incidentId: 7, text: 'Write it up.' });
    expect(fake.ephemerals.at(-1)).toMatchObject({
      user: 'U1',
      text: 'Write it up.',
      blocks: [expect.anything(), { type: 'actions', elements: [{ action_id: ACTION.startPostmortem }] }],
    });
  });

  it("keeps a room's topic within Slack's 250 characters without cutting an escaped character in half", async () => {
    const port = slackChatPort(slackWebClient('xoxb-test', fake.apiUrl));
    const channel = fake.seedChannel({ name: 'room' });
    const topic = `${'x'.repeat(247)}&amp; and more`;
    await port.describeRoom(channel.id, topic, 'War room for INC-0001.');
    expect(channel).toMatchObject({ topic: 'x'.repeat(247), purpose: 'War room for INC-0001.' });
  });
});
