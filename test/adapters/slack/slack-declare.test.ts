import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANNOUNCE, GENERAL, startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(() => h.stop());

const headerOf = (h: SlackHarness, channel: string) =>
  h.fake.messages.find((m) => m.channel === channel && (m.blocks?.length ?? 0) > 0);

describe('/incident declare through Slack', () => {
  it('opens a war room: channel, topic, purpose, invite, header with buttons, announcement, and tells the declarer', async () => {
    const { status, responseUrl } = await h.command('declare Checkout API 500s sev2');
    expect(status).toBe(200);
    const [declared, ready] = await h.waitForReplies(responseUrl, 2);
    expect(declared).toMatch(/Declared \*INC-0001\* \(SEV2\): Checkout API 500s/);
    const channel = h.fake.channels.find((c) => c.name === 'inc-0001-checkout-api-500s');
    expect(channel).toBeDefined();
    expect(ready).toBe(`War room for INC-0001 is ready: <#${channel?.id}>`);
    expect(channel?.topic).toBe('INC-0001 SEV2 · Checkout API 500s');
    expect(channel?.purpose).toBe('War room for INC-0001. Type `/incident help` for commands.');
    expect(channel?.members).toContain('U1');

    await h.fake.waitFor(() => headerOf(h, channel?.id ?? '') !== undefined);
    const header = headerOf(h, channel?.id ?? '');
    const blocks = header?.blocks as Array<{
      type: string;
      text?: { text: string };
      elements?: Array<{ action_id: string }>;
    }>;
    expect(blocks[0]).toMatchObject({
      type: 'header',
      text: { type: 'plain_text', text: 'INC-0001 · Checkout API 500s' },
    });
    expect(blocks.find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id)).toEqual([
      'incident.acknowledge',
      'incident.take_lead',
      'incident.update_status',
      'incident.resolve',
    ]);
    await h.fake.waitFor(() => h.fake.messages.some((m) => m.channel === ANNOUNCE));
    expect(h.fake.messages.find((m) => m.channel === ANNOUNCE)?.text).toBe(
      `:rotating_light: *INC-0001* (SEV2) declared by <@U1>: Checkout API 500s — join <#${channel?.id}>`,
    );
    expect(h.kinds(1)).toEqual(['incident.declared', 'warroom.opened']);
  });

  it('adds a suffix when the channel name is taken (archived channels count)', async () => {
    h.fake.seedChannel({ name: 'inc-0001-db-down', is_archived: true });
    const { channelId } = await h.declare('db down');
    expect(h.fake.channels.find((c) => c.id === channelId)?.name).toBe('inc-0001-db-down-2');
    expect(h.fake.callsTo('conversations.create').map((c) => c.error ?? 'ok')).toEqual(['name_taken', 'ok']);
  });

  it('escapes mentions and links in titles so they cannot ping or disguise', async () => {
    const { channelId } = await h.declare('<!channel> & <https://evil.example|bank> pay');
    await h.fake.waitFor(() => h.fake.messages.some((m) => m.channel === ANNOUNCE));
    const announcement = h.fake.messages.find((m) => m.channel === ANNOUNCE)?.text ?? '';
    expect(announcement).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt; pay');
    expect(announcement).not.toContain('<!channel>');
    await h.fake.waitFor(() => headerOf(h, channelId) !== undefined);
    const header = headerOf(h, channelId);
    // The header block is plain_text (never parsed); the notification text is escaped mrkdwn.
    expect(JSON.stringify(header?.blocks)).toContain(
      '"type":"plain_text","text":"INC-0001 · <!channel> & <https://evil.example|bank> pay"',
    );
    expect(header?.text).not.toContain('<!channel>');
    expect(h.fake.channels.find((c) => c.id === channelId)?.name).toBe('inc-0001-channel-https-evil-example-bank-pay');
  });

  it('opens the declare modal when no title is given, and declares on submit', async () => {
    const { responseUrl } = await h.command('declare sev1');
    await h.fake.waitFor(() => h.fake.views.length === 1);
    const view = h.fake.views[0]?.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('incident.declare');
    expect(JSON.parse(view.private_metadata)).toEqual({ originChannelId: GENERAL });
    expect(h.replies(responseUrl)).toEqual([]);

    const empty = await h.submit({
      user_id: 'U2',
      callback_id: 'incident.declare',
      private_metadata: view.private_metadata,
      values: {
        title: { title: { type: 'plain_text_input', value: '  ' } },
        severity: { severity: { type: 'static_select', selected_option: { value: 'sev1' } } },
      },
    });
    expect(empty.json).toMatchObject({
      response_action: 'errors',
      errors: { title: expect.stringMatching(/needs a title/) },
    });

    const ok = await h.submit({
      user_id: 'U2',
      callback_id: 'incident.declare',
      private_metadata: view.private_metadata,
      values: {
        title: { title: { type: 'plain_text_input', value: 'Payments queue stuck' } },
        severity: { severity: { type: 'static_select', selected_option: { value: 'sev1' } } },
      },
    });
    expect(ok.status).toBe(200);
    await h.fake.waitFor(() => h.fake.ephemerals.some((e) => e.user === 'U2'));
    expect(h.fake.ephemerals.find((e) => e.user === 'U2')?.text).toMatch(
      /Declared \*INC-0001\* \(SEV1\): Payments queue stuck/,
    );
    const incident = h.app.store.incidents.byNumber(1);
    expect(incident).toMatchObject({ severity: 'sev1', leadId: 'U2', title: 'Payments queue stuck' });
    expect(JSON.parse(h.app.store.timeline.forIncident(incident?.id ?? 0)[0]?.payload ?? '{}')).toMatchObject({
      via: 'form',
    });
  });

  it('retries opening the declare modal briefly, then says how to declare in one line instead of failing silently', async () => {
    h.fake.failNext('views.open', { status: 500 });
    await h.command('declare');
    await h.fake.waitFor(() => h.fake.views.length === 1, 5_000);
    expect(h.fake.callsTo('views.open').map((c) => c.error ?? 'ok')).toEqual(['internal_error', 'ok']);

    h.fake.failNext('views.open', { status: 500 }, 3);
    const { responseUrl } = await h.command('declare');
    const [reply] = await h.waitForReplies(responseUrl, 1);
    expect(reply).toBe(
      'Slack did not open the declare form (Slack did not answer). Declare in one line instead: `/incident declare <title> [sev1|sev2|sev3|sev4]`.',
    );
    // Bounded: two quick retries, then the answer (Bolt's default would retry for half an hour).
    expect(h.fake.callsTo('views.open')).toHaveLength(5);
  });

  it('a trigger_id older than 3 seconds opens nothing, as in Slack: the one-line form is offered instead', async () => {
    const stale = `13345224609.${Date.now() - 4_000}.0a1b2c3d4e5f`;
    const { responseUrl } = await h.command('declare', { trigger_id: stale });
    const [reply] = await h.waitForReplies(responseUrl, 1);
    expect(reply).toBe(
      'Slack did not open the declare form (expired_trigger_id). Declare in one line instead: `/incident declare <title> [sev1|sev2|sev3|sev4]`.',
    );
    expect(h.fake.views).toEqual([]);
  });

  it('adopts the channel an earlier attempt created when Slack did the work but the answer was lost: no stray -2', async () => {
    h.fake.failNext('conversations.create', { applied: true, status: 500 });
    const { channelId } = await h.declare('lost answer');
    const named = h.fake.channels.filter((c) => c.name.startsWith('inc-0001-lost-answer'));
    expect(named.map((c) => c.name)).toEqual(['inc-0001-lost-answer']);
    expect(channelId).toBe(named[0]?.id);
    expect(h.fake.callsTo('conversations.create').map((c) => c.error ?? 'ok')).toEqual([
      'internal_error',
      'name_taken',
    ]);
    expect(h.fake.okCallsTo('conversations.list')).toHaveLength(1);
    expect(h.kinds(1)).toEqual(['incident.declared', 'warroom.opened']);
  });

  it('never adopts a live channel of the same name that someone else created', async () => {
    h.fake.seedChannel({ name: 'inc-0001-db-down' });
    const { channelId } = await h.declare('db down');
    expect(h.fake.channels.find((c) => c.id === channelId)?.name).toBe('inc-0001-db-down-2');
    expect(h.fake.okCallsTo('conversations.list')).toHaveLength(1);
  });

  it('honours 429 Retry-After when creating the channel, then opens the war room', async () => {
    h.fake.failNext('conversations.create', { status: 429, retryAfter: 1 });
    const { responseUrl } = await h.command('declare rate limited');
    await h.fake.waitFor(() => h.fake.okCallsTo('conversations.create').length === 1, 10_000);
    const [first, second] = h.fake.callsTo('conversations.create');
    expect(first?.error).toBe('ratelimited');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    await h.waitForReplies(responseUrl, 2);
  });

  it('records the incident and tells the declarer when Slack is down; the war room appears when Slack is back', async () => {
    h.fake.setDown(true);
    const { responseUrl } = await h.command('declare Slack outage during incident');
    const [declared, delayed] = await h.waitForReplies(responseUrl, 2);
    expect(declared).toMatch(/Declared \*INC-0001\*/);
    expect(delayed).toMatch(/INC-0001 is recorded, but Slack is not answering right now/);
    expect(h.app.store.incidents.byNumber(1)?.channelId).toBeNull();
    h.fake.setDown(false);
    await h.fake.waitFor(() => h.fake.channels.some((c) => c.name === 'inc-0001-slack-outage-during-incident'), 10_000);
    await h.fake.waitFor(() => h.app.store.incidents.byNumber(1)?.headerMessageId !== null, 10_000);
    expect(h.fake.okCallsTo('conversations.create')).toHaveLength(1);
  });
});
