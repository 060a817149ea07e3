// The sandbox has no login, so every route it serves — its chat API, the alert webhook, /api/stats, /metrics, the
// health checks and the page itself — refuses what a browser would send on another web site's behalf: a foreign Host
// (DNS rebinding), a foreign Origin, and a non-JSON POST (text/plain skips the CORS preflight).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxHarness, type SandboxHarness } from '../../support/sandbox-harness.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandboxHarness();
});
afterAll(() => h.stop());

interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** node:http rather than fetch, because fetch will not let a caller set Host — a DNS-rebinding page's browser does. */
function send(
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.app.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const inboxRows = () => (h.app.database.sqlite.prepare('select count(*) n from alert_inbox').get() as { n: number }).n;
const ALERT = JSON.stringify({ title: 'Checkout API 5xx above 5%', severity: 'critical', service: 'checkout' });
const WEBHOOK = '/webhooks/alerts/generic';
const GET_ROUTES = [
  '/',
  '/sandbox/app.js',
  '/sandbox/api/bootstrap',
  '/api/stats?days=7',
  '/metrics',
  '/healthz',
  '/readyz',
];

describe('sandbox loopback guard on every route', () => {
  it('refuses a cross-site text/plain POST to the alert webhook, and opens nothing', async () => {
    const before = inboxRows();
    const res = await send('POST', WEBHOOK, { 'content-type': 'text/plain' }, ALERT);
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: 'Send JSON (Content-Type: application/json).' });
    // A form post is the other preflight-free content type.
    expect(
      (await send('POST', WEBHOOK, { 'content-type': 'application/x-www-form-urlencoded' }, 'title=x')).status,
    ).toBe(415);
    expect(inboxRows()).toBe(before);
    expect(h.app.store.incidents.listOpen()).toHaveLength(0);
  });

  it('refuses the alert webhook with a foreign Origin or a foreign Host (DNS rebinding), even as JSON', async () => {
    const before = inboxRows();
    const foreignOrigin = await send(
      'POST',
      WEBHOOK,
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      ALERT,
    );
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body).toContain('Cross-origin requests to the sandbox are refused.');
    const rebound = await send(
      'POST',
      WEBHOOK,
      { 'content-type': 'application/json', host: 'evil.example:3000' },
      ALERT,
    );
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('only answers requests addressed to localhost or 127.0.0.1');
    // A rebound page's Origin matches its (foreign) Host: still refused on the Host.
    expect(
      (
        await send(
          'POST',
          WEBHOOK,
          { 'content-type': 'application/json', host: 'evil.example:3000', origin: 'http://evil.example:3000' },
          ALERT,
        )
      ).status,
    ).toBe(403);
    expect(inboxRows()).toBe(before);
  });

  it.each(GET_ROUTES)('GET %s refuses a foreign Host and a foreign Origin, and answers loopback', async (path) => {
    const rebound = await send('GET', path, { host: 'evil.example:3000' });
    expect(rebound.status).toBe(403);
    // Nothing from the organisation's incidents leaks in the refusal.
    expect(rebound.body).not.toMatch(/warroom_|overall|incidents"/);
    expect((await send('GET', path, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await send('GET', path, { host: 'localhost' })).status).toBe(200);
  });

  it('refuses a Host that only starts like loopback (userinfo, another name after the port)', async () => {
    const port = new URL(h.app.url).port;
    for (const host of [
      `localhost:${port}@evil.example`,
      `127.0.0.1:${port}.evil.example`,
      `localhost:evil`,
      `localhost.:${port}`,
    ]) {
      expect((await send('GET', '/api/stats?days=7', { host })).status).toBe(403);
    }
  });

  // What browsers send (Fetch Metadata) when another site frames the sandbox or scripts a request to it: refused even
  // where the Origin would not tell (a frame's navigation has none). A link followed from another site still opens it.
  it('refuses being framed by another site (clickjacking) and requests another site started; a followed link opens the page', async () => {
    const framed = await send('GET', '/', {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-dest': 'iframe',
    });
    expect(framed.status).toBe(403);
    expect(framed.body).toContain('requests started by another web site');
    const before = inboxRows();
    const scripted = await send(
      'POST',
      WEBHOOK,
      {
        'content-type': 'application/json',
        'sec-fetch-site': 'same-site',
        'sec-fetch-mode': 'cors',
        'sec-fetch-dest': 'empty',
      },
      ALERT,
    );
    expect(scripted.status).toBe(403);
    expect(inboxRows()).toBe(before);
    expect(
      (
        await send('GET', '/api/stats?days=7', {
          'sec-fetch-site': 'cross-site',
          'sec-fetch-mode': 'no-cors',
          'sec-fetch-dest': 'script',
        })
      ).status,
    ).toBe(403);

    const followed = await send('GET', '/', {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-dest': 'document',
    });
    expect(followed.status).toBe(200);
    // And browsers without Fetch Metadata are told not to frame it.
    expect(followed.headers['x-frame-options']).toBe('DENY');
    expect(followed.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    const own = await send('GET', '/sandbox/api/bootstrap', {
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'cors',
      'sec-fetch-dest': 'empty',
    });
    expect(own.status).toBe(200);
  });

  it('still serves same-origin loopback requests: the webhook stores the alert and it opens a war room', async () => {
    const before = inboxRows();
    const res = await send('POST', WEBHOOK, { 'content-type': 'application/json', origin: h.app.url }, ALERT);
    expect(res.status).toBe(202);
    expect(inboxRows()).toBe(before + 1);
    await expect
      .poll(() => h.app.store.incidents.listOpen().map((i) => i.title))
      .toEqual(['Checkout API 5xx above 5%']);
    const stats = await send('GET', '/api/stats?days=7', { origin: h.app.url });
    expect(JSON.parse(stats.body)).toMatchObject({ ok: true, overall: { incidents: 1 } });
    expect((await send('GET', '/metrics', { host: `[::1]:${new URL(h.app.url).port}` })).body).toContain(
      'warroom_incidents_30d',
    );
  });
});
