import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

const AM_SECRET = 'alertmanager-secret-0123456789';
const GENERIC_SECRET = 'generic-secret-0123456789abcdef';
const TRIAGE = 'C0TRIAGE';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/alerts/${path}`, import.meta.url), 'utf8');
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
beforeEach(async (context) => {
  // The storm tests check pacing itself, so they run with the production setting.
  const realPacing = /storm/.test(context.task.name);
  h = await startSlackHarness(
    { WEBHOOK_SECRET_ALERTMANAGER: AM_SECRET, WEBHOOK_SECRET_GENERIC: GENERIC_SECRET, WARROOM_POLICY: policyFile },
    realPacing ? { slackPacing: { perSecond: 1, burst: 4 } } : {},
  );
  h.fake.seedChannel({ name: 'triage', id: TRIAGE, members: ['UBOT', 'U1', 'U2', 'U3'] });
  h.fake.userGroups.set('S0PAYMENTS', ['U7', 'U8']);
});
afterEach(() => h.stop());

async function alertmanager(body: string): Promise<number> {
  const res = await fetch(`${h.app.url}/webhooks/alerts/alertmanager`, {
    method: 'POST',
    headers: { authorization: `Bearer ${AM_SECRET}`, 'content-type': 'application/json' },
    body,
  });
  return res.status;
}

async function generic(payload: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify(payload);
  const { createHmac } = await import('node:crypto');
  const signature = `sha256=${createHmac('sha256', GENERIC_SECRET).update(body).digest('hex')}`;
  const res = await fetch(`${h.app.url}/webhooks/alerts/generic`, {
    method: 'POST',
    headers: { 'x-warroom-signature': signature, 'content-type': 'application/json' },
    body,
  });
  return res.status;
}

const room = () => h.fake.channels.find((c) => c.name.startsWith('inc-0001-'));
const inRoom = (text: RegExp) => h.fake.messages.find((m) => m.channel === room()?.id && text.test(m.text ?? ''));

describe('alerts to war rooms through Slack', () => {
  it('opens a war room for a P1 alert, pages the owning team, groups the second alert, and rolls alerts up', async () => {
    expect(await alertmanager(fixture('alertmanager/firing-group.json'))).toBe(202);
    await h.fake.waitFor(() => room() !== undefined);
    expect(room()?.name).toBe('inc-0001-checkout-api-5xx-ratio-above-5');
    await h.fake.waitFor(() => inRoom(/subteam/) !== undefined);
    expect(inRoom(/subteam/)?.text).toBe(
      '<!subteam^S0PAYMENTS> INC-0001 (P1) needs you: Checkout API 5xx ratio above 5%. Press *Acknowledge* (or `/incident ack`) to take it.',
    );
    expect(h.fake.okCallsTo('usergroups.users.list')).toHaveLength(1);
    expect(room()?.members).toEqual(expect.arrayContaining(['U7', 'U8']));
    const incident = h.app.store.incidents.byNumber(1);
    expect(incident).toMatchObject({
      origin: 'alert',
      leadId: null,
      severity: 'sev1',
      priority: 'P1',
      service: 'checkout',
    });
    await h.fake.waitFor(() => inRoom(/^\*Alerts\*/) !== undefined);
    await h.fake.waitFor(() => /2 received · 2 firing/.test(inRoom(/^\*Alerts\*/)?.text ?? ''));
    const summary = inRoom(/^\*Alerts\*/)?.text ?? '';
    expect(summary).toMatch(/^\*Alerts\* — 2 received · 2 firing · 0 resolved · last <!date/);
    expect(summary).toContain(
      ':red_circle: Checkout API 5xx ratio above 5% (alertmanager, critical, P1) · checkout · checkout-2.prod.example.com',
    );
    const header = JSON.stringify(h.fake.messages.find((m) => m.channel === room()?.id && m.blocks?.length)?.blocks);
    expect(header).toContain('nobody yet');
    expect(header).toMatch(
      /Detected <!date\^\d+\^[^|]+\|2026-11-24T09:12:03\.417Z> · received \+\d+ min · war room \+\d+ ms · not acknowledged yet/,
    );
    // The catalog names checkout's standing incident call: the header shows it from the start.
    expect(header).toContain(':telephone_receiver: *Bridge* https://meet.example.com/payments-incident');
    expect(incident?.bridgeUrl).toBe('https://meet.example.com/payments-incident');
    expect(h.app.store.timeline.forIncident(incident?.id ?? 0).map((e) => e.kind)).toEqual([
      'incident.declared',
      'bridge.set',
      'alert.received',
      'playbook.attached',
      'alert.received',
      'warroom.opened',
    ]);
  });

  it('`/incident ack` acknowledges by typing: the first to acknowledge leads, a second is told it is done', async () => {
    await alertmanager(fixture('alertmanager/firing-group.json'));
    await h.fake.waitFor(() => room() !== undefined && h.app.store.incidents.byNumber(1)?.headerMessageId !== null);
    const ack = async (user: string) => {
      const { responseUrl } = await h.command('ack', { channel_id: room()?.id ?? '', user_id: user });
      return (await h.waitForReplies(responseUrl, 1))[0];
    };
    expect(await ack('U8')).toBe('You acknowledged INC-0001. You lead it: `/incident lead @someone` hands it over.');
    expect(h.app.store.incidents.byNumber(1)).toMatchObject({ leadId: 'U8', status: 'investigating' });
    expect(await ack('U7')).toMatch(/^INC-0001 was already acknowledged at /);
    const acknowledged = h.app.store.timeline.forIncident(1).find((e) => e.kind === 'incident.acknowledged');
    expect(JSON.parse(acknowledged?.payload ?? '{}')).toEqual({ by: 'U8', via: 'command' });
  });

  it('the first to acknowledge leads; resolved alerts are marked; all resolved asks the lead, who resolves', async () => {
    await alertmanager(fixture('alertmanager/firing-group.json'));
    await h.fake.waitFor(() => room() !== undefined && h.app.store.incidents.byNumber(1)?.headerMessageId !== null);
    const id = String(h.app.store.incidents.byNumber(1)?.id);
    const ack = await h.click({
      action_id: 'incident.acknowledge',
      value: id,
      user_id: 'U7',
      channel_id: room()?.id ?? '',
    });
    expect(await h.waitForReplies(ack.responseUrl, 1)).toEqual(['You acknowledged INC-0001.']);
    expect(h.app.store.incidents.byNumber(1)?.leadId).toBe('U7');
    await h.fake.waitFor(() =>
      h.fake.okCallsTo('chat.update').some((c) => /acknowledged \+[\d.]+ (ms|s)/.test(JSON.stringify(c.args.blocks))),
    );

    await alertmanager(fixture('alertmanager/resolved.json'));
    await h.fake.waitFor(() => inRoom(/Alert resolved/) !== undefined);
    expect(inRoom(/resolve the incident when/i)).toBeUndefined();
    const second = JSON.parse(fixture('alertmanager/resolved.json')) as { alerts: Array<Record<string, unknown>> };
    const first = second.alerts[0] ?? {};
    second.alerts = [
      {
        ...first,
        fingerprint: '5d0b6f4c7e8a2f13',
        labels: { ...(first.labels as object), instance: 'checkout-2.prod.example.com:9102' },
        startsAt: '2026-11-24T09:12:33.100+01:00',
      },
    ];
    await alertmanager(JSON.stringify(second));
    await h.fake.waitFor(() => inRoom(/Resolve the incident when you agree/) !== undefined);
    const prompt = inRoom(/Resolve the incident when you agree/);
    expect(prompt?.text).toBe(
      '<@U7>: every alert of INC-0001 is resolved. Resolve the incident when you agree it is over.',
    );
    expect(JSON.stringify(prompt?.blocks)).toContain('"action_id":"incident.resolve"');
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('investigating');
    // The attached service-outage playbook is not done: the prompt's Resolve asks first, like the header's.
    const resolve = await h.click({
      action_id: 'incident.resolve',
      value: id,
      user_id: 'U7',
      channel_id: room()?.id ?? '',
    });
    expect((await h.waitForReplies(resolve.responseUrl, 1))[0]).toMatch(
      /^4 triage steps are still open: .+ Resolve INC-0001 anyway\?/,
    );
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('investigating');
    const confirmed = await h.click({
      action_id: 'incident.resolve_confirmed',
      value: id,
      user_id: 'U7',
      channel_id: room()?.id ?? '',
    });
    expect((await h.waitForReplies(confirmed.responseUrl, 1))[0]).toMatch(
      /^INC-0001 is now \*resolved\*\. What was still open is on the timeline/,
    );
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('resolved');
  });

  it('rolls an alert storm into one message edited in place', async () => {
    const single = JSON.parse(fixture('alertmanager/firing-group.json')) as { alerts: unknown[] };
    single.alerts = single.alerts.slice(0, 1);
    const body = JSON.stringify(single);
    expect(await alertmanager(body)).toBe(202);
    await h.fake.waitFor(() => inRoom(/^\*Alerts\*/) !== undefined);
    for (let i = 0; i < 150; i += 1) expect(await alertmanager(body)).toBe(202);
    await h.app.alertProcessor.idle(20_000);
    await h.fake.waitFor(() => /151 received/.test(inRoom(/^\*Alerts\*/)?.text ?? ''), 15_000);
    const summaries = h.fake.messages.filter((m) => m.channel === room()?.id && /^\*Alerts\*/.test(m.text ?? ''));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.text).toContain('×151');
    // Far fewer edits than alerts: paced to ~1/s per channel, and repeats waiting behind each other collapse into one edit.
    expect(summaries[0]?.updates).toBeLessThan(20);
    expect(h.app.store.incidents.listOpen()).toHaveLength(1);
    expect(h.fake.okCallsTo('chat.postMessage').filter((c) => c.args.channel === room()?.id).length).toBeLessThan(6);
  });

  it('puts a below-threshold alert in triage; Dismiss asks why and records it', async () => {
    expect(
      await generic({ title: 'Wiki search slow', severity: 'low', service: 'internal-wiki', fingerprint: 'wiki-1' }),
    ).toBe(202);
    await h.fake.waitFor(() => h.fake.messages.some((m) => m.channel === TRIAGE));
    const triage = h.fake.messages.find((m) => m.channel === TRIAGE);
    expect(JSON.stringify(triage?.blocks)).toContain('"action_id":"alert.declare"');
    expect(JSON.stringify(triage?.blocks)).toContain('P4 · low · from generic · internal-wiki');
    const alertId = String(h.app.store.alerts.latest('generic', 'wiki-1')?.id);
    await h.click({ action_id: 'alert.dismiss', value: alertId, user_id: 'U2', channel_id: TRIAGE });
    await h.fake.waitFor(() => h.fake.views.length === 1);
    const view = h.fake.views[0]?.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('alert.dismiss');
    const short = await h.submit({
      user_id: 'U2',
      callback_id: 'alert.dismiss',
      private_metadata: view.private_metadata,
      values: { reason: { reason: { type: 'plain_text_input', value: 'no' } } },
    });
    expect(short.json).toMatchObject({
      response_action: 'errors',
      errors: { reason: 'Say why in a few words (it is recorded).' },
    });
    await h.submit({
      user_id: 'U2',
      callback_id: 'alert.dismiss',
      private_metadata: view.private_metadata,
      values: { reason: { reason: { type: 'plain_text_input', value: 'known slow reindex, OPS-42' } } },
    });
    await h.fake.waitFor(() => (h.fake.messages.find((m) => m.channel === TRIAGE)?.updates ?? 0) > 0);
    const updated = JSON.stringify(h.fake.messages.find((m) => m.channel === TRIAGE)?.blocks);
    expect(updated).toContain('Dismissed by <@U2>: known slow reindex, OPS-42');
    expect(updated).not.toContain('alert.declare');
    expect(h.app.store.alerts.latest('generic', 'wiki-1')).toMatchObject({
      triage: 'dismissed',
      triageBy: 'U2',
      triageReason: 'known slow reindex, OPS-42',
    });
    expect(h.app.store.incidents.listOpen()).toHaveLength(0);
  });

  it('Declare incident on a triage alert opens a war room led by whoever pressed it', async () => {
    await generic({ title: 'Disk 85% on build-3', severity: 'medium', fingerprint: 'disk-1' });
    await h.fake.waitFor(() => h.fake.messages.some((m) => m.channel === TRIAGE));
    const alertId = String(h.app.store.alerts.latest('generic', 'disk-1')?.id);
    const { responseUrl } = await h.click({
      action_id: 'alert.declare',
      value: alertId,
      user_id: 'U3',
      channel_id: TRIAGE,
    });
    expect((await h.waitForReplies(responseUrl, 1))[0]).toMatch(/^Declared \*INC-0001\* from this alert\. You lead it/);
    await h.fake.waitFor(() => room() !== undefined);
    expect(h.app.store.incidents.byNumber(1)).toMatchObject({
      leadId: 'U3',
      declaredBy: 'U3',
      priority: 'P3',
      origin: 'alert',
    });
    await h.fake.waitFor(() =>
      JSON.stringify(h.fake.messages.find((m) => m.channel === TRIAGE)?.blocks).includes(
        'Declared as an incident by <@U3>',
      ),
    );
    const again = await h.click({ action_id: 'alert.declare', value: alertId, user_id: 'U2', channel_id: TRIAGE });
    expect(await h.waitForReplies(again.responseUrl, 1)).toEqual([
      `Alert #${alertId} was already declared as an incident (INC-0001).`,
    ]);
  });

  it("`/incident triage` lists what waits and declares or dismisses it by typing, with the buttons' rules", async () => {
    await generic({ title: 'Wiki search slow', severity: 'low', service: 'internal-wiki', fingerprint: 'wiki-2' });
    await generic({ title: 'Disk 85% on build-3', severity: 'medium', fingerprint: 'disk-2' });
    await h.app.alertProcessor.idle();
    const wiki = h.app.store.alerts.latest('generic', 'wiki-2')?.id ?? 0;
    const disk = h.app.store.alerts.latest('generic', 'disk-2')?.id ?? 0;
    const say = async (text: string, user = 'U2') => {
      const { responseUrl } = await h.command(text, { channel_id: TRIAGE, user_id: user });
      return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
    };
    const listed = await say('triage');
    expect(listed).toMatch(/^\*Waiting in triage\*\n/);
    expect(listed).toContain(`\`#${disk}\` :bell: Disk 85% on build-3 — P3 · medium · from generic`);
    expect(listed).toContain(`\`#${wiki}\` :bell: Wiki search slow — P4 · low · from generic · internal-wiki`);
    expect(await say(`triage dismiss #${wiki}`)).toBe('Say why in a few words (it is recorded).');
    expect(await say(`triage dismiss #${wiki} known slow reindex, OPS-42`)).toBe(
      `Dismissed alert #${wiki}: known slow reindex, OPS-42`,
    );
    const { responseUrl } = await h.command(`triage declare ${disk}`, { channel_id: TRIAGE, user_id: 'U3' });
    expect((await h.waitForReplies(responseUrl, 2))[0]).toBe(`Declared *INC-0001* from alert #${disk}. You lead it.`);
    expect(h.app.store.incidents.byNumber(1)).toMatchObject({ leadId: 'U3', origin: 'alert', priority: 'P3' });
    await h.fake.waitFor(() => room() !== undefined);
    expect(await say('triage')).toBe('Nothing waits in triage.');
    expect(await say('triage declare #999')).toBe('No alert #999.');
  });

  it('keeps delivering through Slack 500s and 429s', async () => {
    h.fake.failNext('conversations.create', { status: 500 });
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    await alertmanager(fixture('alertmanager/firing-group.json'));
    await h.fake.waitFor(() => inRoom(/subteam/) !== undefined && inRoom(/^\*Alerts\*/) !== undefined, 15_000);
    expect(h.fake.callsTo('conversations.create').map((c) => c.error ?? 'ok')).toEqual(['internal_error', 'ok']);
    expect(h.fake.okCallsTo('conversations.create')).toHaveLength(1);
  });

  it('a storm rate-limited in one war room does not delay a new P1 war room elsewhere', async () => {
    await alertmanager(fixture('alertmanager/firing-group.json'));
    await h.fake.waitFor(() => inRoom(/^\*Alerts\*/) !== undefined);
    // Every edit is refused for 30 s from now on: room 1's summary queue is stuck.
    h.fake.failNext('chat.update', { status: 429, retryAfter: 30 }, 10_000);
    for (let i = 0; i < 20; i += 1) await alertmanager(fixture('alertmanager/firing-group.json'));
    const started = Date.now();
    await generic({
      title: 'Payments DB primary down',
      severity: 'critical',
      service: 'payments-db',
      fingerprint: 'pg-1',
    });
    await h.fake.waitFor(() => h.fake.channels.some((c) => c.name.startsWith('inc-0002-')), 5_000);
    const room2 = h.fake.channels.find((c) => c.name.startsWith('inc-0002-'));
    await h.fake.waitFor(
      () => h.fake.messages.some((m) => m.channel === room2?.id && (m.blocks?.length ?? 0) > 0),
      5_000,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
