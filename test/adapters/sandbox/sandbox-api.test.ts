import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyTimelineChain } from '../../../src/core/timeline/verify-timeline-chain.js';
import { startSandboxHarness, type SandboxHarness, type SandboxMessageJson } from '../../support/sandbox-harness.js';

let h: SandboxHarness;
beforeEach(async () => {
  h = await startSandboxHarness();
});
afterEach(() => h.stop());

const header = (messages: SandboxMessageJson[]) => messages.find((m) => m.blocks.some((b) => b.type === 'header'));
const field = (m: SandboxMessageJson | undefined, label: string) =>
  m?.blocks.find((b) => b.type === 'fields')?.fields?.find((f) => f.label === label)?.value;

describe('sandbox chat API (same core as Slack)', () => {
  it('serves the web chat on loopback with starter channels and demo users', async () => {
    expect(h.app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${h.app.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const boot = await h.get<{ users: Array<{ id: string }>; roles: string[] }>('/sandbox/api/bootstrap');
    expect(boot.json.users.map((u) => u.id)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(boot.json.roles).toEqual(['comms', 'ops', 'scribe', 'security']);
    await h.channelId('general');
    await h.channelId('incidents');
  });

  it('declare → war room with header, announcement; buttons, roles, handover, status form, pin, close', async () => {
    const declared = await h.type('alice', 'general', '/incident declare Checkout <b>down</b> sev2');
    expect(declared.status).toBe(200);
    const room = declared.json.openChannelId ?? '';
    expect(room).not.toBe('');
    const rooms = await h.get<{ channels: Array<{ id: string; name: string; incident: { ref: string } | null }> }>(
      '/sandbox/api/channels?user=alice',
    );
    expect(rooms.json.channels.find((c) => c.id === room)).toMatchObject({
      name: 'inc-0001-checkout-b-down-b',
      incident: { ref: 'INC-0001' },
    });

    const general = await h.messages(await h.channelId('general'), 'alice');
    expect(general.filter((m) => m.ephemeral).map((m) => m.text)).toEqual([
      'Declared *INC-0001* (SEV2): Checkout <b>down</b>. You lead it. Opening the war room #inc-0001-checkout-b-down-b…',
    ]);
    // bob does not see alice's private reply
    expect((await h.messages(await h.channelId('general'), 'bob')).filter((m) => m.ephemeral)).toEqual([]);
    await expect
      .poll(async () => (await h.messages(await h.channelId('incidents'), 'bob')).map((m) => m.text))
      .toEqual([
        ':rotating_light: *INC-0001* (SEV2) declared by @alice: Checkout <b>down</b> — join #inc-0001-checkout-b-down-b',
      ]);

    await expect
      .poll(async () => header(await h.messages(room, 'alice'))?.blocks[0]?.text)
      .toBe('INC-0001 · Checkout <b>down</b>');
    const head = header(await h.messages(room, 'alice'));
    const ack = head?.blocks
      .find((b) => b.type === 'actions')
      ?.buttons?.find((b) => b.actionId === 'incident.acknowledge');
    expect(ack).toBeDefined();

    // bob and carol join the war room (pressing its buttons needs membership)
    for (const user of ['bob', 'carol'])
      expect((await h.post(`/sandbox/api/channels/${room}/join`, { user })).status).toBe(200);
    // bob acknowledges (twice: the double click does nothing more)
    const press = { user: 'bob', channelId: room, actionId: 'incident.acknowledge', value: ack?.value };
    await Promise.all([h.post('/sandbox/api/actions', press), h.post('/sandbox/api/actions', press)]);
    await expect.poll(async () => field(header(await h.messages(room, 'alice')), 'Status')).toBe('investigating');
    const bobSees = (await h.messages(room, 'bob'))
      .filter((m) => m.ephemeral && !m.text.startsWith('Welcome'))
      .map((m) => m.text)
      .sort();
    await expect
      .poll(async () =>
        (await h.messages(room, 'bob')).some((m) => m.ephemeral && /^Welcome to \*INC-0001\*/.test(m.text)),
      )
      .toBe(true);
    expect(bobSees).toEqual([
      expect.stringMatching(/^INC-0001 was already acknowledged/),
      'You acknowledged INC-0001.',
    ]);

    // bob takes the lead, gives carol comms
    await h.post('/sandbox/api/actions', {
      user: 'bob',
      channelId: room,
      actionId: 'incident.take_lead',
      value: ack?.value,
    });
    await h.post('/sandbox/api/messages', { user: 'bob', channelId: room, text: '/incident role comms @carol' });
    await expect.poll(async () => field(header(await h.messages(room, 'alice')), 'Lead')).toBe('@bob');

    // the status form round trip
    const form = await h.post<{ form: { formId: string; context: Record<string, unknown> } }>('/sandbox/api/actions', {
      user: 'carol',
      channelId: room,
      actionId: 'incident.update_status',
      value: ack?.value,
    });
    expect(form.json.form.formId).toBe('update_status');
    await h.post('/sandbox/api/forms', {
      formId: 'update_status',
      user: 'carol',
      context: form.json.form.context,
      values: { status: 'monitoring', note: 'rolled back' },
    });
    await expect.poll(async () => field(header(await h.messages(room, 'dave')), 'Status')).toBe('monitoring');

    // a person's message pinned to the timeline
    await h.post('/sandbox/api/messages', { user: 'carol', channelId: room, text: 'Status page updated' });
    const said = (await h.messages(room, 'carol')).find((m) => m.text === 'Status page updated');
    await h.post('/sandbox/api/reactions', { user: 'alice', messageId: said?.id, reaction: 'pushpin' });
    expect(
      (await h.messages(room, 'alice')).some((m) => m.ephemeral && /^Pinned to the INC-0001 timeline/.test(m.text)),
    ).toBe(true);

    await h.post('/sandbox/api/messages', { user: 'bob', channelId: room, text: '/incident status resolved' });
    // SEV2 closes only after the postmortem is finalized (the default WARROOM_POSTMORTEM_REQUIRED is sev1,sev2).
    for (const text of [
      '/incident postmortem why auth-svc deploy dropped sessions',
      '/incident postmortem category change-deploy',
      '/incident postmortem finalize',
    ]) {
      await h.post('/sandbox/api/messages', { user: 'bob', channelId: room, text });
    }
    await h.post('/sandbox/api/messages', { user: 'bob', channelId: room, text: '/incident close' });
    const incident = h.app.store.incidents.byNumber(1);
    expect(incident?.status).toBe('closed');
    const kinds = h.app.store.timeline.forIncident(incident?.id ?? 0).map((e) => e.kind);
    expect(kinds).toEqual([
      'incident.declared',
      'warroom.opened',
      'incident.acknowledged',
      'status.changed',
      'lead.assigned',
      'role.assigned',
      'status.changed',
      'message.pinned',
      'status.changed',
      'postmortem.started',
      'postmortem.why_added',
      'postmortem.category_set',
      'postmortem.finalized',
      'incident.closed',
    ]);
    expect(verifyTimelineChain(h.app.store.timeline.forIncident(incident?.id ?? 0)).ok).toBe(true);
    // Signed checkpoints at acknowledge (declared → investigating), monitoring, resolved and close: the header and
    // the close message publish the last one's short head.
    const sealed = `Timeline checkpoint 4: 14 entries, head \`${h.app.store.checkpoints.latest(incident?.id ?? 0)?.headHash.slice(0, 12)}\` (signed)`;
    await expect
      .poll(
        async () =>
          header(await h.messages(room, 'alice'))?.blocks.find((b) => b.type === 'context' && b.text?.startsWith('🔒'))
            ?.text,
      )
      .toBe(`🔒 ${sealed}`);
    await expect
      .poll(async () =>
        (await h.messages(room, 'alice')).some(
          (m) => m.text === `:white_check_mark: Incident closed by Bob Lindqvist (@bob) — ${sealed}`,
        ),
      )
      .toBe(true);
  });

  it('opens the declare form without a title and reports form errors back to the form', async () => {
    const res = await h.type('alice', 'general', '/incident declare');
    expect(res.json.form?.formId).toBe('declare');
    const bad = await h.post<{ ok: boolean; error: string }>('/sandbox/api/forms', {
      formId: 'declare',
      user: 'alice',
      context: res.json.form?.context ?? {},
      values: { title: ' ', severity: 'sev1' },
    });
    expect(bad).toEqual({ status: 422, json: { ok: false, error: 'The incident needs a title.', field: 'title' } });
    const good = await h.post<{ openChannelId?: string }>('/sandbox/api/forms', {
      formId: 'declare',
      user: 'alice',
      context: res.json.form?.context ?? {},
      values: { title: 'VPN flapping', severity: 'sev1' },
    });
    expect(good.status).toBe(200);
    expect(good.json.openChannelId).toBeDefined();
  });

  it('serves /api/stats as JSON on loopback', async () => {
    await h.type('alice', 'general', '/incident declare Queue backlog sev2');
    const stats = await h.get<{
      ok: boolean;
      overall: { incidents: number };
      bySeverity: Record<string, unknown>;
      byPriority: Record<string, { incidents: number }>;
      byMonth: Record<string, unknown>;
    }>('/api/stats?days=7');
    expect(stats.status).toBe(200);
    expect(stats.json.overall.incidents).toBe(1);
    expect(Object.keys(stats.json.bySeverity)).toEqual(['sev2']);
    // Declared by a person: no priority from the matrix.
    expect(stats.json.byPriority).toEqual({ '(none)': expect.objectContaining({ incidents: 1 }) });
    expect(Object.keys(stats.json.byMonth).length).toBeGreaterThanOrEqual(1);
    const narrowed = await h.get<{ service: string; overall: { incidents: number } }>(
      '/api/stats?days=7&service=checkout',
    );
    expect(narrowed.json).toMatchObject({ service: 'checkout', overall: { incidents: 0 } });
    expect((await h.get('/api/stats?days=0')).status).toBe(400);
    const metrics = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(metrics).toContain('warroom_incidents_30d{severity="sev2"} 1');
    expect(metrics).toContain('# TYPE warroom_mtta_minutes_30d gauge');
    expect(metrics).toContain('warroom_corrective_actions_overdue 0');
    expect(metrics).toContain('warroom_priority_incidents_30d{priority="(none)"} 1');
    expect(metrics).toContain('warroom_postmortems_30d{state="draft"} 0');
    expect(metrics).toContain('warroom_recurrence_ratio_30d 0');
  });

  it('answers bad input with 4xx and a message, never 500', async () => {
    expect((await h.post('/sandbox/api/messages', { user: 'mallory', channelId: 'x', text: 'hi' })).status).toBe(422);
    expect((await h.post('/sandbox/api/messages', { user: 'alice', channelId: 'nope', text: 'hi' })).status).toBe(404);
    const json = { 'content-type': 'application/json' };
    const raw = await fetch(`${h.app.url}/sandbox/api/messages`, { method: 'POST', headers: json, body: '{not json' });
    expect(raw.status).toBe(400);
    const big = await fetch(`${h.app.url}/sandbox/api/messages`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expect(big.status).toBe(413);
    expect((await fetch(`${h.app.url}/sandbox/api/messages`)).status).toBe(405);
    expect((await fetch(`${h.app.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${h.app.url}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('refuses what another web site could make a browser send (CSRF, DNS rebinding)', async () => {
    const channelId = await h.channelId('general');
    const body = JSON.stringify({
      requestId: 'csrf-attempt-0001',
      user: 'alice',
      channelId,
      text: '/incident declare pwned',
    });
    const { request } = await import('node:http');
    const send = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${h.app.url}/sandbox/api/messages`, { method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await send({ 'content-type': 'text/plain' })).toBe(415);
    expect(await send({ 'content-type': 'application/json', origin: 'https://evil.example' })).toBe(403);
    expect(await send({ 'content-type': 'application/json', host: 'evil.example:3000' })).toBe(403);
    expect(h.app.store.incidents.listOpen()).toHaveLength(0);
    const sameOrigin = await send({ 'content-type': 'application/json', origin: h.app.url });
    expect(sameOrigin).toBe(200);
  });

  it('buttons and pins act only within the channel and for its members', async () => {
    const declared = await h.type('alice', 'general', '/incident declare Cache stampede');
    const room = declared.json.openChannelId ?? '';
    await expect.poll(async () => header(await h.messages(room, 'alice'))).toBeDefined();
    const id = String(h.app.store.incidents.byNumber(1)?.id);
    const general = await h.channelId('general');
    // pressed from another channel, with a junk value, or by someone not in the room
    expect(
      (
        await h.post('/sandbox/api/actions', {
          user: 'alice',
          channelId: general,
          actionId: 'incident.resolve',
          value: id,
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await h.post('/sandbox/api/actions', {
          user: 'alice',
          channelId: room,
          actionId: 'incident.resolve',
          value: 'NaN',
        })
      ).status,
    ).toBe(422);
    expect(
      (await h.post('/sandbox/api/actions', { user: 'dave', channelId: room, actionId: 'incident.resolve', value: id }))
        .status,
    ).toBe(403);
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('declared');
    // someone's private reply cannot be pinned into the shared timeline
    await h.post('/sandbox/api/messages', { user: 'alice', channelId: room, text: '/incident roles' });
    const privateReply = (await h.messages(room, 'alice')).find((m) => m.ephemeral);
    expect(
      (await h.post('/sandbox/api/reactions', { user: 'alice', messageId: privateReply?.id, reaction: 'pushpin' }))
        .status,
    ).toBe(404);
    expect(h.app.store.timeline.forIncident(1).map((e) => e.kind)).not.toContain('message.pinned');
  });

  it('answers other slash commands with what the sandbox knows', async () => {
    await h.type('bob', 'general', '/giphy cats');
    const replies = (await h.messages(await h.channelId('general'), 'bob')).map((m) => m.text);
    expect(replies).toEqual(['The sandbox only knows `/incident`. Try `/incident help`.']);
  });

  it('unknown subcommands and wrong channels get the same guidance as in Slack', async () => {
    await h.type('dave', 'general', '/incident status resolved');
    await h.type('dave', 'general', '/incident wat');
    const replies = (await h.messages(await h.channelId('general'), 'dave'))
      .filter((m) => m.ephemeral)
      .map((m) => m.text);
    expect(replies[0]).toBe(
      'This command only works in an incident channel. Run `/incident list` to find one, or `/incident declare <title>` to open one.',
    );
    expect(replies[1]).toMatch(/^Unknown command "wat"\./);
  });

  it('a resent request (same requestId) is applied once', async () => {
    const body = {
      requestId: 'fixed-request-id-1',
      user: 'alice',
      channelId: await h.channelId('general'),
      text: '/incident declare once',
    };
    const send = () =>
      fetch(`${h.app.url}/sandbox/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(h.app.store.incidents.listOpen()).toHaveLength(1);
  });
});
