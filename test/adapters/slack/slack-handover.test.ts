import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;
beforeEach(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Checkout returns 500s')); // U1 leads
});
afterEach(() => h.stop());

async function say(text: string, user = 'U1'): Promise<string> {
  const { responseUrl } = await h.command(text, { channel_id: room, user_id: user });
  return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
}

describe('lead handover', () => {
  it('gives the new lead a brief only they see: where it stands, bridge, open steps, latest', async () => {
    await say('playbook attach service-outage');
    await say('bridge https://meet.example.com/abc-defg-hij');
    await say('status identified');
    expect(await say('lead <@U2>')).toMatch(/<@U2>/);
    await h.fake.waitFor(() => h.fake.ephemerals.some((e) => e.user === 'U2' && (e.text ?? '').startsWith('You lead')));
    const brief = h.fake.ephemerals.find((e) => e.user === 'U2' && (e.text ?? '').startsWith('You lead'));
    expect(brief?.channel).toBe(room);
    const lines = (brief?.text ?? '').split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'You lead *INC-0001* now (SEV3, identified): Checkout returns 500s',
      'Lead: <@U2>',
      'Bridge: https://meet.example.com/abc-defg-hij',
      '4 open playbook steps: `/incident step` lists them.',
    ]);
    expect(lines).toContain('Latest:');
    expect(lines.at(-1)).toBe('`/incident timeline` for more, `/incident help` for commands.');
    // Only the handover sends one (declaring made U1 lead without a brief).
    expect(h.fake.ephemerals.filter((e) => (e.text ?? '').startsWith('You lead'))).toHaveLength(1);
  });
});
