import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(() => h.stop());

describe('the finalized postmortem upload', () => {
  it('is posted once even when Slack shared the file but its answer was lost (the retry finds it)', async () => {
    const { channelId: room } = await h.declare('Checkout returns 500s');
    const say = async (text: string) => {
      const { responseUrl } = await h.command(text, { channel_id: room });
      return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
    };
    await say('status resolved');
    await say('postmortem why a config push set the pool size to 1');
    await say('postmortem category configuration');
    h.fake.failNext('files.completeUploadExternal', { applied: true, status: 500 });
    expect(await say('postmortem finalize')).toMatch(/postmortem is finalized/);

    // The retry asks Slack first and finds the file the lost answer had shared: no second upload.
    await h.fake.waitFor(() => h.fake.okCallsTo('files.list').length === 2, 15_000);
    expect(h.fake.files.filter((f) => f.channels?.includes(room)).map((f) => f.name)).toEqual([
      'INC-0001-postmortem.md',
    ]);
    expect(h.fake.callsTo('files.completeUploadExternal').map((c) => c.error ?? 'ok')).toEqual(['internal_error']);
    expect(h.fake.okCallsTo('files.getUploadURLExternal')).toHaveLength(1);
    await h.fake.waitFor(() => h.app.store.outbox.countPending() === 0, 5_000);
  });
});
