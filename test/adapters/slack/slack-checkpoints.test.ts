import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
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
const header = () => h.fake.messages.find((m) => m.channel === room && (m.blocks?.length ?? 0) > 0);
const headerText = () => JSON.stringify(header()?.blocks ?? []);
const sealed = (number: number) => {
  const latest = h.app.store.checkpoints.latest(1);
  expect(latest?.number).toBe(number);
  return `Timeline checkpoint ${number}: ${latest?.seq} entries, head \`${latest?.headHash.slice(0, 12)}\` (signed)`;
};

describe('signed timeline checkpoints in Slack', () => {
  it('the header shows the latest short head after each status change, the close message the final one, and the CLI verifies them', async () => {
    expect(headerText()).not.toContain(':lock:');
    expect(await say('status investigating')).toBe('INC-0001 is now *investigating*.');
    const first = sealed(1);
    await h.fake.waitFor(() => headerText().includes(JSON.stringify(`:lock: ${first}`)));

    expect(await say('status resolved')).toMatch(/^INC-0001 is now \*resolved\*/);
    const second = sealed(2);
    await h.fake.waitFor(() => headerText().includes(JSON.stringify(`:lock: ${second}`)));
    expect(headerText()).not.toContain(first);

    expect(await say('close')).toBe('INC-0001 is closed. Thank you, everyone.');
    const final = sealed(3);
    await h.fake.waitFor(() =>
      h.fake.messages.some(
        (m) => m.channel === room && m.text === `:white_check_mark: Incident closed by u1 (U1) — ${final}`,
      ),
    );
    await h.fake.waitFor(() => headerText().includes(JSON.stringify(`:lock: ${final}`)));
    // The head every war-room member saw is the one the operator tool checks.
    const verified = runCli(['timeline', 'verify', 'INC-0001', '--db', join(h.dataDir, 'warroom.db')], {
      DATA_DIR: h.dataDir,
    });
    expect(verified).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        `matches 3 signed checkpoint(s), the latest (3, head ${h.app.store.checkpoints.latest(1)?.headHash.slice(0, 12)})`,
      ),
    });
  });
});
