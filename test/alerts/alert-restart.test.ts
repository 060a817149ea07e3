import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWarroom } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = () => loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' });
const body = readFileSync(new URL('../fixtures/alerts/alertmanager/firing-group.json', import.meta.url), 'utf8');

describe('durable before acknowledged', () => {
  it('an alert accepted (202) but not processed before the app stopped is processed once at the next start', async () => {
    const first = await startWarroom(config(), { processAlerts: false, outboxPollMs: 50 });
    const res = await fetch(`${first.url}/webhooks/alerts/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(202);
    expect(first.store.inbox.pending(10)).toHaveLength(1);
    expect(first.store.incidents.listOpen()).toHaveLength(0);
    await first.stop();

    const second = await startWarroom(config(), { outboxPollMs: 50 });
    await second.alertProcessor.idle();
    expect(second.store.incidents.listOpen().map((i) => i.ref)).toEqual(['INC-0001']);
    expect(second.store.inbox.pending(10)).toHaveLength(0);
    await expect.poll(() => second.store.incidents.byNumber(1)?.channelId ?? null).not.toBeNull();
    await second.stop();

    const third = await startWarroom(config(), { outboxPollMs: 50 });
    await third.alertProcessor.idle();
    expect(third.store.incidents.listOpen()).toHaveLength(1);
    expect(third.store.alerts.forIncident(1)).toHaveLength(2);
    await third.stop();
  });

  it('Alertmanager HA delivering the same notification twice opens one incident', async () => {
    const app = await startWarroom(config(), { outboxPollMs: 50 });
    const before = app.store.incidents.listOpen().length;
    const send = () =>
      fetch(`${app.url}/webhooks/alerts/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const statuses = await Promise.all([send(), send()]).then((r) => r.map((x) => x.status));
    expect(statuses).toEqual([202, 202]);
    await app.alertProcessor.idle();
    expect(app.store.incidents.listOpen()).toHaveLength(before);
    expect(app.store.alerts.forIncident(1).map((a) => a.receivedCount)).toEqual([3, 3]);
    await app.stop();
  });
});
