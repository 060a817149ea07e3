import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANNOUNCE, startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;
beforeEach(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Checkout returns 500s'));
});
afterEach(() => h.stop());

async function say(text: string, user = 'U1'): Promise<string> {
  const { responseUrl } = await h.command(text, { channel_id: room, user_id: user });
  return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
}

describe('/incident update: what stakeholders hear', () => {
  it('goes to the announcements channel and the war room, and onto the timeline', async () => {
    await say('status identified');
    expect(await say('update Failing over to the standby <!channel>; next update 14:30', 'U2')).toBe(
      'Update posted here and to the announcements channel.',
    );
    await h.fake.waitFor(() =>
      h.fake.messages.some((m) => m.channel === ANNOUNCE && m.text?.startsWith(':loudspeaker:')),
    );
    const announced =
      h.fake.messages.find((m) => m.channel === ANNOUNCE && m.text?.startsWith(':loudspeaker:'))?.text ?? '';
    // Escaped: the update cannot ping the whole announcements channel.
    const [heading, body, signature] = announced.split('\n');
    expect(heading).toBe(':loudspeaker: *INC-0001* (SEV3 · identified) Checkout returns 500s');
    expect(body).toBe('Failing over to the standby &lt;!channel&gt;; next update 14:30');
    expect(signature).toMatch(new RegExp(`^_<@U2>, <!date\\^\\d+\\^[^>]+>_ — <#${room}>$`));
    await h.fake.waitFor(() =>
      h.fake.messages.some(
        (m) => m.channel === room && (m.text ?? '').includes(':loudspeaker: Stakeholder update by u2 (U2):'),
      ),
    );
    const entry = h.app.store.timeline.forIncident(1).find((e) => e.kind === 'update.posted');
    expect(JSON.parse(entry?.payload ?? '{}')).toEqual({
      text: 'Failing over to the standby <!channel>; next update 14:30',
      channel: ANNOUNCE,
      via: 'command',
    });
  });

  it('needs words, and stops once the incident is closed', async () => {
    expect(await say('update')).toMatch(/^Write the update after the command/);
    await say('status resolved');
    expect(await say('update Resolved: checkout is back; postmortem to follow')).toBe(
      'Update posted here and to the announcements channel.',
    );
    await say('close');
    expect(await say('update one more thing')).toBe('INC-0001 is closed; its last update has gone out.');
  });
});
