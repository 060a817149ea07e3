import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;
beforeEach(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Checkout returns 500s'));
});
afterEach(() => h.stop());

async function say(text: string): Promise<string> {
  const { responseUrl } = await h.command(text, { channel_id: room });
  return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
}
const headerText = () =>
  JSON.stringify(h.fake.messages.find((m) => m.channel === room && (m.blocks?.length ?? 0) > 0)?.blocks ?? []);

describe('/incident bridge', () => {
  it('puts the meeting link in the header and on the timeline, and removes it again', async () => {
    expect(await say('bridge')).toBe('INC-0001 has no bridge yet: `/incident bridge &lt;https://meeting-link&gt;`.');
    expect(await say('bridge https://meet.example.com/abc-defg-hij')).toBe(
      'Bridge set for INC-0001: https://meet.example.com/abc-defg-hij',
    );
    await h.fake.waitFor(() =>
      headerText().includes(':telephone_receiver: *Bridge* https://meet.example.com/abc-defg-hij'),
    );
    expect(await say('bridge https://meet.example.com/abc-defg-hij')).toBe('INC-0001 already has that bridge.');
    // `/incident status` alone says where the incident stands, bridge included.
    expect(await say('status')).toMatch(
      /^\*INC-0001 · Checkout returns 500s\* — SEV3 · \*declared\* · open for .+\nLead <@U1> · comms unassigned · ops unassigned · scribe unassigned · security unassigned\nBridge https:\/\/meet\.example\.com\/abc-defg-hij\nMove it with `\/incident status &lt;investigating\|identified\|monitoring\|resolved&gt; \[note\]`\.$/,
    );
    expect(await say('bridge off')).toBe('Bridge removed from INC-0001.');
    await h.fake.waitFor(() => !headerText().includes('Bridge'));
    const entries = h.app.store.timeline
      .forIncident(1)
      .filter((e) => e.kind === 'bridge.set')
      .map((e) => JSON.parse(e.payload) as unknown);
    expect(entries).toEqual([
      { url: 'https://meet.example.com/abc-defg-hij', previous: null, via: 'command' },
      { url: null, previous: 'https://meet.example.com/abc-defg-hij', via: 'command' },
    ]);
  });

  it('accepts only an https link without chat markup, and says what to type', async () => {
    const help =
      'Give the meeting link, like `/incident bridge https://meet.example.com/abc-defg-hij`, or `/incident bridge off` to remove it.';
    for (const bad of [
      'javascript:alert(1)',
      'http://meet.example.com/x',
      'meet.example.com/x',
      'https://meet.example.com/x|<!channel>',
    ]) {
      expect(await say(`bridge ${bad}`)).toBe(`A bridge is an https:// meeting link. ${help}`);
    }
    expect(h.kinds(1)).not.toContain('bridge.set');
  });
});
