// Nothing a person or an alert wrote reaches Slack as live markup: a title carrying a broadcast, a mention, a user-group
// ping and a disguised link goes through declare, notes, stakeholder updates, an alert's war room (topic, page, alert
// summary) and triage, and then EVERY recorded Slack call and response_url answer is scanned for it unescaped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOUNCE, startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';
import { HOSTILE, rawMarkupLeaks } from '../../support/slack-markup-leaks.js';

const GENERIC_SECRET = 'generic-secret-0123456789abcdef';
const TRIAGE = 'C0TRIAGE';
const ESCAPED = 'R&amp;D &lt;!channel&gt; &lt;@U123&gt; &lt;!subteam^S1&gt; &lt;http://evil|click&gt;';

const policyFile = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-policy-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(
    file,
    readFileSync(new URL('../../../config/policy.yaml', import.meta.url), 'utf8').replace(
      'triage_channel: triage',
      `triage_channel: ${TRIAGE}`,
    ),
  );
  return file;
})();

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ WEBHOOK_SECRET_GENERIC: GENERIC_SECRET, WARROOM_POLICY: policyFile });
  h.fake.seedChannel({ name: 'triage', id: TRIAGE, members: ['UBOT', 'U1', 'U2', 'U3'] });
  h.fake.userGroups.set('S0PAYMENTS', ['U7', 'U8']);
});
afterAll(() => h.stop());

async function generic(payload: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', GENERIC_SECRET).update(body).digest('hex')}`;
  const res = await fetch(`${h.app.url}/webhooks/alerts/generic`, {
    method: 'POST',
    headers: { 'x-warroom-signature': signature, 'content-type': 'application/json' },
    body,
  });
  return res.status;
}

describe('user and alert text in Slack', () => {
  it('declare, note, update, an alert war room and a triage alert carry the hostile title only escaped', async () => {
    const { channelId, responseUrl } = await h.declare(`${HOSTILE} sev2`);
    const note = await h.command(`note ${HOSTILE}`, { channel_id: channelId });
    await h.waitForReplies(note.responseUrl, 1);
    const update = await h.command(`update ${HOSTILE}`, { channel_id: channelId });
    await h.waitForReplies(update.responseUrl, 1);
    expect(
      await generic({
        title: HOSTILE,
        description: HOSTILE,
        severity: 'critical',
        service: 'checkout',
        host: 'checkout-1',
        fingerprint: 'hostile-1',
      }),
    ).toBe(202);
    expect(
      await generic({
        title: `${HOSTILE} low`,
        description: HOSTILE,
        severity: 'low',
        service: 'internal-wiki',
        fingerprint: 'hostile-2',
      }),
    ).toBe(202);

    // Wait for everything to be delivered: the second war room's topic and page, the triage post, the update's announcement.
    await h.fake.waitFor(
      () =>
        h.fake.channels.filter((c) => c.name.startsWith('inc-')).every((c) => c.topic !== '') &&
        h.fake.channels.some((c) => c.name.startsWith('inc-0002-')),
    );
    await h.fake.waitFor(() => h.fake.messages.some((m) => m.channel === TRIAGE));
    await h.fake.waitFor(() => h.fake.messages.filter((m) => m.channel === ANNOUNCE).length >= 3);
    const alertRoom = h.fake.channels.find((c) => c.name.startsWith('inc-0002-'));
    await h.fake.waitFor(() =>
      h.fake.messages.some((m) => m.channel === alertRoom?.id && /needs you/.test(m.text ?? '')),
    );
    await h.fake.waitFor(() =>
      h.fake.messages.some((m) => m.channel === alertRoom?.id && /^\*Alerts\*/.test(m.text ?? '')),
    );
    // A newcomer's private brief and the status form both show the incident's title.
    await h.event({ type: 'member_joined_channel', user: 'U9', channel: channelId, channel_type: 'C', team: 'T1' });
    await h.fake.waitFor(() => h.fake.okCallsTo('chat.postEphemeral').length === 1);
    await h.click({
      action_id: 'incident.update_status',
      value: String(h.app.store.incidents.byNumber(1)?.id),
      user_id: 'U1',
      channel_id: channelId,
    });
    await h.fake.waitFor(() => h.fake.views.length === 1);
    await h.fake.waitFor(() => h.app.store.outbox.countPending() === 0);

    // The places that used to go raw, and the escaped form people see.
    const declaredRoom = h.fake.channels.find((c) => c.id === channelId);
    expect(declaredRoom?.topic).toBe(`INC-0001 SEV2 · ${ESCAPED}`);
    expect(alertRoom?.topic).toBe(`INC-0002 SEV1 · ${ESCAPED}`);
    expect(h.fake.okCallsTo('conversations.setTopic')).toHaveLength(2);
    expect(h.fake.okCallsTo('conversations.setPurpose')).toHaveLength(2);
    expect(h.replies(responseUrl)[0]).toContain(ESCAPED);
    expect(h.fake.messages.find((m) => m.channel === channelId && m.text?.includes('R&amp;D'))?.text).toContain(
      ESCAPED,
    );

    // Both incidents and the triage alert recorded the title as typed: escaping is the presenter's job.
    expect(h.app.store.incidents.byNumber(1)?.title).toBe(HOSTILE);
    expect(h.app.store.incidents.byNumber(2)?.title).toBe(HOSTILE);
    expect(h.app.store.alerts.latest('generic', 'hostile-2')?.title).toBe(`${HOSTILE} low`);

    // The scan covered every kind of call that carries text.
    expect(new Set(h.fake.calls.map((c) => c.method))).toEqual(
      new Set([
        'auth.test',
        'conversations.create',
        'conversations.setTopic',
        'conversations.setPurpose',
        'conversations.invite',
        'chat.postMessage',
        'chat.postEphemeral',
        'views.open',
        'usergroups.users.list',
      ]),
    );
    expect(rawMarkupLeaks(h.fake)).toEqual([]);
  });
});
