import { describe, expect, it } from 'vitest';
import { channelLabel, deadLetterFix } from '../../../src/infra/outbox/dead-letter-fix.js';

const teams = (code: string) => ({ method: 'conversations.sendToConversation', code });

describe("dead-letter fixes for Teams' refusals", () => {
  it('say, for each Bot Connector code, what to do in Teams and which row to re-drive or drop', () => {
    expect(deadLetterFix(7, teams('BotNotInConversationRoster'), { type: 'warroom.post', incidentId: 1, seq: 3 })).toBe(
      'warroom is not in that team/chat any more (the app was removed): re-add the app to the team (Manage team → Apps), then run `npx warroom outbox retry 7`',
    );
    expect(
      deadLetterFix(7, teams('BotNotInConversationRoster'), {
        type: 'warroom.page',
        incidentId: 1,
        group: null,
        users: ['u'],
      }),
    ).toMatch(/then run `npx warroom outbox retry 7` \(a page also writes to each paged person: each needs the app\)$/);
    expect(
      deadLetterFix(8, teams('BotNotInConversationRoster'), {
        type: 'direct.overdue_action',
        userId: 'd0',
        actionId: 1,
      }),
    ).toBe(
      "warroom is not in d0's chat (they removed the app, or never added it): ask them to add warroom in Teams (Apps), then run `npx warroom outbox retry 8`; or discard it (`npx warroom outbox discard 8`)",
    );
    expect(
      deadLetterFix(9, teams('BotNotInConversationRoster'), {
        type: 'digest.post',
        channel: '19:digest@thread.tacv2',
        days: 7,
      }),
    ).toBe(
      "warroom is not in the team of 19:digest@thread.tacv2 (digest) any more: re-add the app to that team (the team's Manage team → Apps), or set reminders.weekly_digest.channel in config/policy.yaml to a channel of a team warroom is in; then run `npx warroom outbox retry 9`",
    );
    expect(deadLetterFix(3, teams('ConversationNotFound'), { type: 'warroom.header', incidentId: 1 })).toBe(
      "the war room's channel or thread no longer exists in Teams (deleted): a team owner can restore a deleted channel for 30 days, then run `npx warroom outbox retry 3`; or discard it (`npx warroom outbox discard 3`)",
    );
    expect(deadLetterFix(4, teams('BotDisabledByAdmin'), { type: 'warroom.header', incidentId: 1 })).toMatch(
      /^a Teams admin has blocked warroom \(BotDisabledByAdmin\): ask them to allow the app/,
    );
    expect(deadLetterFix(5, teams('MessageSizeTooBig'), { type: 'warroom.header', incidentId: 1 })).toMatch(
      /^Teams refused the message warroom built \(MessageSizeTooBig/,
    );
    // An HTTP status without Teams' code falls through to the general sentence, naming what answered.
    expect(deadLetterFix(6, teams('http_403'), { type: 'warroom.header', incidentId: 1 })).toBe(
      "conversations.sendToConversation answered http_403 for the war room: fix that (see the platform's documentation for conversations.sendToConversation); then run `npx warroom outbox retry 6`",
    );
  });

  it('shows Teams channel ids as they are, Slack names with a hash', () => {
    expect(channelLabel('19:abc@thread.tacv2')).toBe('19:abc@thread.tacv2');
    expect(channelLabel('C0123ABC')).toBe('C0123ABC');
    expect(channelLabel('triage')).toBe('#triage');
  });
});
