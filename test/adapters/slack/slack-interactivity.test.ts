import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;
beforeEach(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Login errors'));
});
afterEach(() => h.stop());

const press = (action_id: string, user_id = 'U2', extra: { action_ts?: string; retryNum?: number } = {}) =>
  h.click({ action_id, value: String(h.app.store.incidents.byNumber(1)?.id), user_id, channel_id: room, ...extra });

describe('header buttons (Slack block_actions)', () => {
  it('Acknowledge moves the incident to investigating, once, even on a double click', async () => {
    const [first, second] = await Promise.all([press('incident.acknowledge'), press('incident.acknowledge')]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const replies = [
      ...(await h.waitForReplies(first.responseUrl, 1)),
      ...(await h.waitForReplies(second.responseUrl, 1)),
    ].sort();
    expect(replies[0]).toMatch(/^INC-0001 was already acknowledged at/);
    expect(replies[1]).toBe('You acknowledged INC-0001.');
    expect(h.kinds(1).filter((k) => k === 'incident.acknowledged')).toHaveLength(1);
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('investigating');
    await h.fake.waitFor(() =>
      h.fake.okCallsTo('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('Investigating')),
    );
    // Once acknowledged, the header drops its Acknowledge button.
    const lastHeader = JSON.stringify(h.fake.okCallsTo('chat.update').at(-1)?.args.blocks);
    expect(lastHeader).not.toContain('incident.acknowledge');
  });

  it('a Slack retry of the same click (same action_ts) is processed once', async () => {
    const action_ts = '1790000000.000111';
    const first = await press('incident.take_lead', 'U3', { action_ts });
    await h.waitForReplies(first.responseUrl, 1);
    const retry = await press('incident.take_lead', 'U3', { action_ts, retryNum: 1 });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.replies(retry.responseUrl)).toEqual([]);
    expect(h.kinds(1).filter((k) => k === 'lead.assigned')).toHaveLength(1);
    expect(h.app.store.incidents.byNumber(1)?.leadId).toBe('U3');
  });

  it("I'll lead hands the lead to the clicker and names both", async () => {
    const { responseUrl } = await press('incident.take_lead', 'U3');
    expect(await h.waitForReplies(responseUrl, 1)).toEqual(['You now lead INC-0001.']);
    const entry = h.app.store.timeline.forIncident(1).find((e) => e.kind === 'lead.assigned');
    expect(JSON.parse(entry?.payload ?? '{}')).toEqual({ from: 'U1', to: 'U3', via: 'button' });
  });

  it('Update status opens a modal; submitting it changes the status with the note', async () => {
    await press('incident.update_status');
    await h.fake.waitFor(() => h.fake.views.length === 1);
    const view = h.fake.views[0]?.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('incident.update_status');
    const res = await h.submit({
      user_id: 'U2',
      callback_id: 'incident.update_status',
      private_metadata: view.private_metadata,
      values: {
        status: { status: { type: 'static_select', selected_option: { value: 'monitoring' } } },
        note: { note: { type: 'plain_text_input', value: 'rolled back auth-svc' } },
      },
    });
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h.app.store.incidents.byNumber(1)?.status === 'monitoring');
    const entry = h.app.store.timeline.forIncident(1).find((e) => e.kind === 'status.changed');
    expect(JSON.parse(entry?.payload ?? '{}')).toEqual({
      from: 'declared',
      to: 'monitoring',
      note: 'rolled back auth-svc',
      via: 'form',
    });
    expect(h.app.store.incidents.byNumber(1)?.mitigatedAt).not.toBeNull();
  });

  it('Resolve resolves; a second Resolve explains instead of repeating', async () => {
    const first = await press('incident.resolve');
    expect(await h.waitForReplies(first.responseUrl, 1)).toEqual([
      'INC-0001 is now *resolved*. When the dust settles, the lead closes it with `/incident close`.',
    ]);
    const second = await press('incident.resolve');
    expect(await h.waitForReplies(second.responseUrl, 1)).toEqual(['INC-0001 is already resolved.']);
  });

  it('a button with a forged value answers clearly and changes nothing', async () => {
    const { responseUrl } = await h.click({
      action_id: 'incident.acknowledge',
      value: '999',
      user_id: 'U2',
      channel_id: room,
    });
    expect(await h.waitForReplies(responseUrl, 1)).toEqual([
      'No incident with id 999. Run `/incident list` to see open incidents.',
    ]);
    const junk = await h.click({
      action_id: 'incident.acknowledge',
      value: 'drop table',
      user_id: 'U2',
      channel_id: room,
    });
    expect((await h.waitForReplies(junk.responseUrl, 1))[0]).toMatch(
      /^Something went wrong on our side \(request [^)]+\); nothing was changed/,
    );
    expect(h.kinds(1)).toEqual(['incident.declared', 'warroom.opened']);
  });
});
