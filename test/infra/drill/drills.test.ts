import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../../../src/cli/main.js';
import { loadAttackCatalog } from '../../../src/catalog/load-attack-catalog.js';
import { loadPlaybooks } from '../../../src/catalog/load-playbooks.js';
import { startSandboxHarness, type SandboxHarness } from '../../support/sandbox-harness.js';

const shipped = loadPlaybooks(join(process.cwd(), 'playbooks'), loadAttackCatalog()).playbooks.map((p) => p.id);

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandboxHarness();
});
afterAll(() => h.stop());

const intents = () =>
  h.app.database.sqlite
    .prepare('select intent from outbox')
    .all()
    .map((r) => JSON.parse((r as { intent: string }).intent) as { type: string; incidentId?: number });

describe('drills', () => {
  it.each(shipped)(
    'the recorded alerts of %s reach its playbook through the real ingestion path',
    async (playbookId) => {
      const general = await h.channelId('general');
      await h.post('/sandbox/api/messages', {
        user: 'alice',
        channelId: general,
        text: `/incident drill ${playbookId}`,
      });
      const replies = (await h.messages(general, 'alice')).filter((m) => m.ephemeral).map((m) => m.text);
      const tag = /Drill `([^`]+)` started/.exec(replies.at(-1) ?? '')?.[1];
      expect(tag, replies.at(-1)).toBeDefined();
      await expect
        .poll(() => h.app.store.incidents.listAll().find((i) => i.drillTag === tag), { timeout: 5_000 })
        .toBeDefined();
      const incident = h.app.store.incidents.listAll().find((i) => i.drillTag === tag);
      expect(incident?.title).toMatch(/^\[DRILL\] /);
      expect(h.app.store.playbooks.runsFor(incident?.id ?? 0).map((r) => r.playbookId)).toContain(playbookId);
      // Nobody paged, nothing announced.
      expect(
        intents().filter((i) => i.incidentId === incident?.id && (i.type === 'warroom.page' || i.type === 'announce')),
      ).toEqual([]);
    },
  );

  it('keeps drills and real incidents apart both ways', async () => {
    const real = await fetch(`${h.app.url}/webhooks/alerts/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Real SYN flood on edge',
        severity: 'critical',
        service: 'checkout',
        fingerprint: 'drill-ddos-1',
        attack: ['T1498.001'],
      }),
    });
    expect(real.status).toBe(202);
    await h.app.alertProcessor.idle();
    const realIncident = h.app.store.incidents.listOpen().find((i) => i.title === 'Real SYN flood on edge');
    expect(realIncident?.drillTag).toBeNull();
    // The real one gets checkout's standing bridge from the catalog; a drill on checkout never calls people into it.
    expect(realIncident?.bridgeUrl).toBe('https://meet.example.com/payments-incident');
    const checkoutDrills = h.app.store.incidents
      .listAll()
      .filter((i) => i.drillTag !== null && i.service === 'checkout');
    expect(checkoutDrills.length).toBeGreaterThan(0);
    expect(checkoutDrills.map((i) => i.bridgeUrl)).toEqual(checkoutDrills.map(() => null));
    // Same fingerprint as the ddos drill's alert, same service: still its own incident, not a repeat or a group.
    expect(h.app.store.alerts.forIncident(realIncident?.id ?? 0)).toHaveLength(1);
  });

  it('/incident drill report in the drill war room lists alerts, playbooks and per-step times; elsewhere it says what to do', async () => {
    const drill = h.app.store.incidents.listAll().find((i) => i.drillTag?.startsWith('ddos-'));
    await expect.poll(() => h.app.store.incidents.byId(drill?.id ?? 0)?.channelId).toBeTruthy();
    const room = h.app.store.incidents.byId(drill?.id ?? 0)?.channelId ?? '';
    await h.post(`/sandbox/api/channels/${room}/join`, { user: 'alice' });
    await h.post('/sandbox/api/messages', { user: 'alice', channelId: room, text: '/incident drill report' });
    // Joining also sends alice the room's welcome, which can land after the report: pick the report by its heading.
    const reportIn = async () =>
      (await h.messages(room, 'alice')).find((m) => m.ephemeral && m.text.includes('Alerts received:'))?.text;
    await expect.poll(reportIn).toBeTruthy();
    const report = (await reportIn()) ?? '';
    expect(report).toContain(
      'Alerts received:\n  generic: SYN flood against the edge load balancer (2.1 Mpps) (critical, P1)',
    );
    expect(report).toMatch(/Playbooks attached:\n  ddos v\d+ — matched ATT&CK T1498\.001/);
    expect(report).toMatch(/open    characterise-traffic, open for \d+ s \(SLA 15 min\)/);
    const general = await h.channelId('general');
    await h.post('/sandbox/api/messages', { user: 'alice', channelId: general, text: '/incident drill nope' });
    expect((await h.messages(general, 'alice')).filter((m) => m.ephemeral).at(-1)?.text).toMatch(
      /^No recorded alerts to replay for "nope"/,
    );
  });

  it('warroom drill (CLI) replays into the running server and reports; report works later too', async () => {
    const dbPath = h.app.database.sqlite.name;
    const result = await runCliAsync(['drill', 'phishing', '--db', dbPath, '--wait', '10']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Drill phishing-\d+-\w+ — INC-\d{4} \[DRILL\] Phishing email reported/);
    const ref = /INC-\d{4}/.exec(result.stdout ?? '')?.[0] ?? '';
    expect((await runCliAsync(['drill', 'report', ref, '--db', dbPath])).stdout).toContain('phishing v');
    expect(await runCliAsync(['drill', 'phishing', '--db', dbPath, '--replay', '/nonexistent.jsonl'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^No replay file/),
    });
    expect(await runCliAsync(['drill', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: warroom drill/),
    });
  });
});
