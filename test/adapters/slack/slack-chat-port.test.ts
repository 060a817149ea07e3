import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackChatPort, slackWebClient } from '../../../src/adapters/slack/slack-chat-port.js';
import { DeliveryError } from '../../../src/infra/outbox/delivery-error.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(() => fake.stop());

describe('Slack chat port', () => {
  it('paces conversations.create to Tier 2 (burst 5, then 20 a minute) without calling Slack', async () => {
    let clock = 0;
    const port = slackChatPort(slackWebClient('xoxb-test', fake.apiUrl), () => clock);
    for (let i = 1; i <= 5; i += 1) expect(await port.createChannel(`inc-000${i}`)).toMatchObject({ name: `inc-000${i}` });
    const refused = await port.createChannel('inc-0006').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeliveryError);
    expect(refused).toMatchObject({ disposition: 'wait', retryAfterMs: 3_000 });
    expect(fake.callsTo('conversations.create')).toHaveLength(5);
    clock += 3_000;
    expect(await port.createChannel('inc-0006')).toMatchObject({ name: 'inc-0006' });
  });

  it('maps Slack answers to retry, permanent or success', async () => {
    const port = slackChatPort(slackWebClient('xoxb-test', fake.apiUrl));
    const channel = fake.seedChannel({ name: 'room' });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(await port.postText(channel.id, 'x').catch((e: unknown) => e)).toMatchObject({ disposition: 'retry', retryAfterMs: 7_000 });
    fake.failNext('chat.postMessage', { status: 503 });
    expect(await port.postText(channel.id, 'x').catch((e: unknown) => e)).toMatchObject({ disposition: 'retry' });
    expect(await port.postText('C404', 'x').catch((e: unknown) => e)).toMatchObject({ disposition: 'permanent', message: 'chat.postMessage: channel_not_found' });
    // Inviting someone already there is fine; the bot joins an announcements channel it is not in.
    await port.invite(channel.id, ['UBOT']);
    const elsewhere = fake.seedChannel({ name: 'announce', members: [] });
    await port.postText(elsewhere.id, 'hello');
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
    expect(await port.postText(await port.resolveChannel('late'), 'hello')).not.toBe('');
  });
});
