import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
beforeAll(async () => {
  // Every second instead of every five minutes, so the test sees the cron job run.
  h = await startSlackHarness({}, { headerRefreshCron: '* * * * * *' });
});
afterAll(() => h.stop());

it('re-renders open war-room headers on a schedule so the elapsed time stays current', async () => {
  const { channelId } = await h.declare('Slow dashboards');
  await h.fake.waitFor(() => h.fake.okCallsTo('chat.update').some((c) => c.args.channel === channelId), 15_000);
  const update = h.fake.okCallsTo('chat.update').find((c) => c.args.channel === channelId);
  expect(JSON.stringify(update?.args.blocks)).toMatch(/open for \d+ seconds?/);
  expect(h.kinds(1)).toEqual(['incident.declared', 'warroom.opened']);
});
