// The alert inbox under a queue (issue 12): copies of a pending webhook collapse on arrival into a counter, a P1/P2
// and alerts never seen before are routed ahead of the queue, and each alert's own deliveries keep their order.
// Through the real HTTP route and processor; the order is read from the processor's own log of what it routed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startWarroom, type RunningWarroom } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const running: RunningWarroom[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A sandbox warroom that accepts webhooks but routes nothing until `resume()`; `routed()` lists inbox ids in order. */
async function start(): Promise<{ app: RunningWarroom; routed: () => number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-inbox-order-'));
  dirs.push(dir);
  const lines: Array<{ msg: string; inboxId?: number }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: dir }), {
    processAlerts: false,
    logger: pino({ level: 'info' }, sink),
  });
  running.push(app);
  return {
    app,
    routed: () => lines.filter((l) => l.msg === 'alerts routed').map((l) => l.inboxId as number),
  };
}

interface Alert {
  fingerprint: string;
  severity?: string;
  service?: string;
  status?: 'firing' | 'resolved';
}

async function send(app: RunningWarroom, alert: Alert): Promise<number> {
  const res = await fetch(`${app.url}/webhooks/alerts/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      title: `Alert ${alert.fingerprint}`,
      severity: alert.severity ?? 'low',
      service: alert.service ?? 'internal-wiki',
      fingerprint: alert.fingerprint,
      status: alert.status ?? 'firing',
    }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { inboxId: number }).inboxId;
}

const before = (order: number[], a: number, b: number) => {
  expect(order).toContain(a);
  expect(order).toContain(b);
  return order.indexOf(a) < order.indexOf(b);
};

describe('alert inbox: collapse on arrival', () => {
  it('counts copies of a pending webhook into it; a copy after a resolve gets its own row; every copy is counted once routed', async () => {
    const { app } = await start();
    const ids = [];
    for (let i = 0; i < 25; i += 1) ids.push(await send(app, { fingerprint: 'disk-1' }));
    expect(new Set(ids).size).toBe(1);
    const resolve = await send(app, { fingerprint: 'disk-1', status: 'resolved' });
    const again = await send(app, { fingerprint: 'disk-1' });
    // Another alert's copies are counted into their own row, not this one's.
    const other = [await send(app, { fingerprint: 'disk-2' }), await send(app, { fingerprint: 'disk-2' })];
    expect(app.store.inbox.pending(100).map((r) => [r.id, r.repeats])).toEqual([
      [ids[0], 24],
      [resolve, 0],
      [again, 0],
      [other[0], 1],
    ]);
    expect(other[1]).toBe(other[0]);

    app.alertProcessor.resume();
    await app.alertProcessor.idle(20_000);
    expect(app.store.inbox.pending(100)).toEqual([]);
    expect(app.store.alerts.latest('generic', 'disk-2')?.receivedCount).toBe(2);
  });

  it('leaves the alerts exactly as routing every copy one by one would', async () => {
    const script: Alert[] = [
      ...Array.from({ length: 12 }, () => ({ fingerprint: 'cpu-1' })),
      { fingerprint: 'cpu-1', severity: 'critical', service: 'checkout' },
      ...Array.from({ length: 5 }, () => ({ fingerprint: 'cpu-1', severity: 'critical', service: 'checkout' })),
      { fingerprint: 'cpu-1', status: 'resolved' as const },
      ...Array.from({ length: 3 }, () => ({ fingerprint: 'cpu-2', severity: 'medium' })),
    ];
    // One by one: each webhook routed before the next arrives (nothing can collapse).
    const oneByOne = await start();
    oneByOne.app.alertProcessor.resume();
    for (const alert of script) {
      await send(oneByOne.app, alert);
      await oneByOne.app.alertProcessor.idle(10_000);
    }
    // Queued: everything arrives while nothing is routed, then routed at once.
    const queued = await start();
    for (const alert of script) await send(queued.app, alert);
    expect(queued.app.store.inbox.pending(100).length).toBeLessThan(script.length);
    queued.app.alertProcessor.resume();
    await queued.app.alertProcessor.idle(20_000);

    const alertsOf = (app: RunningWarroom) =>
      ['cpu-1', 'cpu-2'].map((fp) => {
        const a = app.store.alerts.latest('generic', fp);
        return a && { fp, status: a.status, count: a.receivedCount, priority: a.priority, incident: a.incidentId };
      });
    expect(alertsOf(queued.app)).toEqual(alertsOf(oneByOne.app));
    const incidentsOf = (app: RunningWarroom) =>
      app.store.incidents.listOpen().map((i) => ({ title: i.title, severity: i.severity, status: i.status }));
    expect(incidentsOf(queued.app)).toEqual(incidentsOf(oneByOne.app));
    expect(incidentsOf(queued.app)).toHaveLength(1);
  });
});

describe('alert inbox: what is routed first', () => {
  it('a P1 at the back of a queue is routed first, and gets its war room', async () => {
    const { app, routed } = await start();
    const queue = [];
    for (let i = 0; i < 40; i += 1) queue.push(await send(app, { fingerprint: `wiki-${i}` }));
    const p1 = await send(app, { fingerprint: 'pay-down', severity: 'critical', service: 'payments' });
    app.alertProcessor.resume();
    await app.alertProcessor.idle(20_000);
    expect(routed()[0]).toBe(p1);
    expect(routed().slice(1)).toEqual(queue);
    expect(app.store.incidents.listOpen().map((i) => i.title)).toContain('Alert pay-down');
  });

  it('a P1 further back than the look-ahead is found too; one whose alert has an older webhook waits for it', async () => {
    const { app, routed } = await start();
    const early = await send(app, { fingerprint: 'far-2', severity: 'low', service: 'search' });
    // Queue filler, written as the route writes it (faster than 520 requests): distinct low alerts.
    for (let i = 0; i < 520; i += 1) {
      const alert = { title: `Alert bulk-${i}`, severity: 'low', service: 'internal-wiki', fingerprint: `bulk-${i}` };
      app.store.inbox.insert({
        source: 'generic',
        receivedAt: new Date().toISOString(),
        body: JSON.stringify(alert),
        identities: JSON.stringify([`generic\u0000bulk-${i}`]),
      });
    }
    const held = await send(app, { fingerprint: 'far-2', severity: 'critical', service: 'search' });
    const p1 = await send(app, { fingerprint: 'far-1', severity: 'critical', service: 'payments' });
    app.alertProcessor.resume();
    // Not the whole queue: only as far as the held one (in the batch after its warning's).
    await expect.poll(() => routed().includes(held), { timeout: 30_000 }).toBe(true);
    const order = routed();
    expect(order[0]).toBe(p1);
    // The critical far-2 waits for its own earlier warning, and no longer than that: then it is urgent and free.
    expect(before(order, early, held)).toBe(true);
    expect(order.indexOf(held)).toBeLessThan(order.indexOf(early) + 200);
  }, 40_000);

  it('alerts never seen before go ahead of queued repeats of known ones', async () => {
    const { app, routed } = await start();
    app.alertProcessor.resume();
    await send(app, { fingerprint: 'known-1' });
    await send(app, { fingerprint: 'known-2' });
    await app.alertProcessor.idle(10_000);
    await app.alertProcessor.stop();
    const repeats = [await send(app, { fingerprint: 'known-1' }), await send(app, { fingerprint: 'known-2' })];
    const fresh = await send(app, { fingerprint: 'new-1' });
    const done = routed().length;
    app.alertProcessor.resume();
    await app.alertProcessor.idle(10_000);
    expect(routed().slice(done)).toEqual([fresh, ...repeats]);
  });

  it('never lets a webhook overtake an older one carrying the same alert', async () => {
    const { app, routed } = await start();
    // The same alert as a warning, then critical: the critical one is urgent, but must follow its warning.
    const warning = await send(app, { fingerprint: 'db-1', severity: 'medium', service: 'orders' });
    const critical = await send(app, { fingerprint: 'db-1', severity: 'critical', service: 'orders' });
    const other = await send(app, { fingerprint: 'db-2', severity: 'low' });
    const resolved = await send(app, { fingerprint: 'db-1', status: 'resolved', service: 'orders' });
    app.alertProcessor.resume();
    await app.alertProcessor.idle(10_000);
    const order = routed();
    expect(before(order, warning, critical)).toBe(true);
    expect(before(order, critical, resolved)).toBe(true);
    expect(order).toContain(other);
    expect(app.store.alerts.latest('generic', 'db-1')?.status).toBe('resolved');
  });
});
