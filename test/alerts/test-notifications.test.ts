// Vendors' "Test" buttons and senders' test alerts, through the real webhook route, the inbox processor, routing and
// the fake Slack: each press shows up in triage marked as a test, never opens, joins or pages a war room.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

const TRIAGE = 'C0TRIAGE';
const secret = (id: string) => `whsec-${id}-0123456789abcdef`;
const fixture = (path: string) => readFileSync(new URL(`../fixtures/alerts/${path}`, import.meta.url), 'utf8');
const policyFile = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-policy-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(
    file,
    readFileSync(new URL('../../config/policy.yaml', import.meta.url), 'utf8').replace(
      'triage_channel: triage',
      `triage_channel: ${TRIAGE}`,
    ),
  );
  return file;
})();

/** Posts `body` to the source's route, authenticated as that vendor does it. */
async function send(
  h: SlackHarness,
  source: string,
  body: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let payload = body;
  if (source === 'sentry')
    headers['sentry-hook-signature'] = createHmac('sha256', secret(source)).update(body).digest('hex');
  else if (source === 'generic')
    headers['x-warroom-signature'] = `sha256=${createHmac('sha256', secret(source)).update(body).digest('hex')}`;
  else if (source === 'pagerduty')
    payload = JSON.stringify({ ...(JSON.parse(body) as object), routing_key: secret(source) });
  else headers.authorization = `Bearer ${secret(source)}`;
  const res = await fetch(`${h.app.url}/webhooks/alerts/${source}`, { method: 'POST', headers, body: payload });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const triageMessages = (h: SlackHarness) => h.fake.messages.filter((m) => m.channel === TRIAGE);

let h: SlackHarness;
beforeAll(async () => {
  const env = Object.fromEntries(
    ['alertmanager', 'grafana', 'datadog', 'sentry', 'pagerduty', 'generic'].map((id) => [
      `WEBHOOK_SECRET_${id.toUpperCase()}`,
      secret(id),
    ]),
  );
  h = await startSlackHarness({ ...env, WARROOM_POLICY: policyFile });
  h.fake.seedChannel({ name: 'triage', id: TRIAGE, members: ['UBOT', 'U1', 'U2', 'U3'] });
  h.fake.userGroups.set('S0PAYMENTS', ['U7', 'U8']);
});
afterAll(() => h?.stop());

describe.each([
  { source: 'alertmanager', file: 'alertmanager/amtool-test-alert.json', title: 'Testing the warroom receiver' },
  { source: 'grafana', file: 'grafana/test-notification.json', title: 'Notification test' },
  { source: 'grafana', file: 'grafana/legacy-test-notification.json', title: 'Test notification' },
  { source: 'datadog', file: 'datadog/test-notification.json', title: 'Checkout API 5xx ratio above 5%' },
  { source: 'sentry', file: 'sentry/test-notification.json', title: 'This is an example Python exception' },
  { source: 'pagerduty', file: 'pagerduty/grafana-test-event.json', title: '[FIRING:1] TestAlert Grafana' },
  {
    source: 'generic',
    file: 'generic/test-notification.json',
    title: 'warroom webhook check from the deploy pipeline',
  },
])('$source test notification ($file)', ({ source, file, title }) => {
  it('lands in triage marked as a test, with Dismiss only; no war room, no page; a second press posts again', async () => {
    const before = triageMessages(h).length;
    const rooms = h.fake.okCallsTo('conversations.create').length;
    for (let press = 1; press <= 2; press += 1) {
      const res = await send(h, source, fixture(file));
      expect(res).toMatchObject({ status: 202, json: { ok: true, alerts: 1 } });
      await h.fake.waitFor(() => triageMessages(h).length === before + press);
    }
    await h.app.alertProcessor.idle();
    const posted = triageMessages(h).slice(before);
    for (const message of posted) {
      const blocks = JSON.stringify(message.blocks);
      expect(message.text).toBe(`:test_tube: TEST · ${title}`);
      expect(blocks).toContain(`Test notification from ${source}: it reached warroom`);
      expect(blocks).toContain('"action_id":"alert.dismiss"');
      expect(blocks).not.toContain('alert.declare');
    }
    // Each press is its own row, waiting in triage, tied to no incident.
    const rows = h.app.database.sqlite
      .prepare('select incident_id, triage from alerts where source = ? and title = ? order by id desc limit 2')
      .all(source, title) as Array<{ incident_id: number | null; triage: string }>;
    expect(rows).toEqual([
      { incident_id: null, triage: 'pending' },
      { incident_id: null, triage: 'pending' },
    ]);
    expect(h.fake.okCallsTo('conversations.create')).toHaveLength(rooms);
    expect(h.app.store.incidents.listOpen()).toHaveLength(0);
    expect(h.fake.messages.some((m) => /subteam/.test(m.text ?? ''))).toBe(false);
  });
});

describe('a test notification is not declared', () => {
  it('`/incident triage declare` refuses it and says how to dismiss it; dismissing works', async () => {
    await send(h, 'alertmanager', fixture('alertmanager/amtool-test-alert.json'));
    await h.app.alertProcessor.idle();
    const id = (
      h.app.database.sqlite.prepare("select max(id) id from alerts where source = 'alertmanager'").get() as {
        id: number;
      }
    ).id;
    const say = async (text: string) => {
      const { responseUrl } = await h.command(text, { channel_id: TRIAGE, user_id: 'U2' });
      return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
    };
    expect(await say(`triage declare #${id}`)).toBe(
      `Alert #${id} is a test notification from alertmanager: there is nothing to declare. Dismiss it with \`/incident triage dismiss #${id} &lt;why&gt;\`.`,
    );
    expect(h.app.store.incidents.listOpen()).toHaveLength(0);
    expect(await say(`triage dismiss #${id} test seen, receiver works`)).toBe(
      `Dismissed alert #${id}: test seen, receiver works`,
    );
    expect(h.app.store.alerts.byId(id)).toMatchObject({ triage: 'dismissed', triageBy: 'U2' });
  });
});
