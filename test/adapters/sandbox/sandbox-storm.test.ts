import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxHarness, type SandboxHarness, type SandboxMessageJson } from '../../support/sandbox-harness.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandboxHarness();
});
afterAll(() => h.stop());

const alert = (i: number) =>
  fetch(`${h.app.url}/webhooks/alerts/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      title: `Service svc-${i} unreachable`,
      severity: 'critical',
      service: `svc-${i}`,
      fingerprint: `storm-${i}`,
    }),
  });
const stormMessage = (messages: SandboxMessageJson[]) => messages.find((m) => m.text.startsWith('*Alert storm*'));

describe('the storm guard in the sandbox', () => {
  it('rolls the alerts after the fifth room into one storm room, whose Declare separately opens a room of its own', async () => {
    for (let i = 1; i <= 9; i += 1) expect((await alert(i)).status).toBe(202);
    await h.app.alertProcessor.idle();
    await expect.poll(() => h.app.store.incidents.byNumber(6)?.channelId ?? null).not.toBeNull();
    const stormRoom = h.app.store.incidents.byNumber(6)?.channelId ?? '';
    await h.post(`/sandbox/api/channels/${stormRoom}/join`, { user: 'bob' });
    await expect
      .poll(async () => stormMessage(await h.messages(stormRoom, 'bob'))?.text)
      .toMatch(/^\*Alert storm\* — 4 alerts · 4 services · 4 firing/);
    const rolled = stormMessage(await h.messages(stormRoom, 'bob'));
    const buttons = rolled?.blocks.flatMap((b) => b.buttons ?? []) ?? [];
    expect(buttons.map((b) => b.actionId)).toEqual([
      'storm:split:0',
      'storm:split:1',
      'storm:split:2',
      'storm:split:3',
    ]);
    const svc8 = rolled?.blocks.findIndex((b) => b.text?.startsWith('*svc-8*')) ?? -1;
    const button = rolled?.blocks[svc8 + 1]?.buttons?.[0];

    // Only in the storm's own room.
    const general = await h.channelId('general');
    expect(
      (
        await h.post('/sandbox/api/actions', {
          user: 'bob',
          channelId: general,
          actionId: button?.actionId,
          value: button?.value,
        })
      ).status,
    ).toBe(422);

    const pressed = await h.post<{ ok: boolean; openChannelId?: string }>('/sandbox/api/actions', {
      user: 'bob',
      channelId: stormRoom,
      actionId: button?.actionId,
      value: button?.value,
    });
    expect(pressed.status).toBe(200);
    const split = h.app.store.incidents.byNumber(7);
    expect(split).toMatchObject({ leadId: 'bob', service: 'svc-8' });
    expect(pressed.json.openChannelId).toBe(split?.channelId);
    expect((await h.messages(stormRoom, 'bob')).filter((m) => m.ephemeral).at(-1)?.text).toBe(
      'Declared svc-8 separately as *INC-0007* (1 alert moved out of INC-0006). You lead it; its war room #inc-0007-service-svc-8-unreachable is opening.',
    );
    await expect
      .poll(async () => stormMessage(await h.messages(stormRoom, 'bob'))?.blocks.at(-1)?.text)
      .toBe('Declared separately: svc-8 → INC-0007');
    expect(h.app.store.timeline.forIncident(6).map((e) => e.kind)).toContain('storm.split');
    expect(h.app.store.timeline.forIncident(split?.id ?? 0).map((e) => e.kind)).toContain('storm.split');
  });
});
