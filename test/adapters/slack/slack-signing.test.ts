import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';
import { postToSlack, slashCommand, urlVerification } from '../../support/slack-requests.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h.stop());

describe('POST /slack/events request verification', () => {
  it('answers a signed url_verification handshake with the challenge', async () => {
    const res = await postToSlack(h.eventsUrl, { ...urlVerification('c-123'), signingSecret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(res.text).toContain('c-123');
  });

  it.each([
    ['unsigned', {}],
    ['signed with the wrong secret', { signingSecret: 'not-the-secret' }],
    ['with a forged signature', { signature: 'v0=deadbeef' }],
    [
      'replayed (timestamp 6 minutes old)',
      { signingSecret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    ],
    // Correctly signed, but stamped for later: a signature made "for the future" must not be replayable until then.
    [
      'signed 6 minutes in the future',
      { signingSecret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) + 6 * 60 },
    ],
    [
      'signed a day in the future',
      { signingSecret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) + 24 * 60 * 60 },
    ],
  ])('refuses a request %s with 401 and changes nothing', async (_name, signing) => {
    const res = await postToSlack(h.eventsUrl, { ...slashCommand({ text: 'declare should never exist' }), ...signing });
    expect(res.status).toBe(401);
    expect(h.app.store.incidents.listOpen()).toHaveLength(0);
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
  });

  // Bolt reads the timestamp with Number() and signs `v0:${Number(header)}:body`, so "1800000000.0", "+1800000000" and
  // "1.8e9" carry the same signature as "1800000000": a future stamp written another way must be refused too.
  it.each([
    ['with a decimal point', (ts: number) => `${ts}.0`],
    ['with a plus sign', (ts: number) => `+${ts}`],
    ['in exponent form', (ts: number) => `${ts / 10}e1`],
    ['padded with zeros', (ts: number) => `000${ts}`],
  ])('refuses a future-stamped signature whose timestamp header is written %s', async (_name, spell) => {
    const { signSlackRequest } = await import('../../support/slack-requests.js');
    const future = (Math.floor(Date.now() / 1000) + 24 * 60 * 60) * 10; // a multiple of 10, so `${ts / 10}e1` is exact
    const ts = future / 10;
    const signed = slashCommand({ text: 'declare should never exist' });
    const headers = { ...signSlackRequest(SIGNING_SECRET, signed.body, ts), 'content-type': signed.contentType };
    headers['x-slack-request-timestamp'] = spell(ts);
    const res = await fetch(h.eventsUrl, { method: 'POST', headers, body: signed.body });
    expect(res.status).toBe(401);
    expect(h.app.store.incidents.listOpen()).toHaveLength(0);
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
  });

  it('accepts a signed request within 5 minutes either way (clocks differ a little)', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [offset, title] of [
      [4 * 60, 'ahead'],
      [-4 * 60, 'behind'],
    ] as const) {
      const responseUrl = h.fake.responseUrl();
      const res = await postToSlack(h.eventsUrl, {
        ...slashCommand({ text: `declare clock ${title}`, response_url: responseUrl }),
        signingSecret: SIGNING_SECRET,
        timestamp: now + offset,
      });
      expect(res.status).toBe(200);
      await h.waitForReplies(responseUrl, 1);
    }
    expect(
      h.app.store.incidents
        .listOpen()
        .map((i) => i.title)
        .sort(),
    ).toEqual(['clock ahead', 'clock behind']);
  });

  it('serves Slack at its public host name: the sandbox loopback guard does not apply in Slack mode', async () => {
    const { request } = await import('node:http');
    const { signSlackRequest } = await import('../../support/slack-requests.js');
    const signed = urlVerification('public-host');
    const status = await new Promise<number>((resolve, reject) => {
      const headers = {
        host: 'warroom.example.com',
        'content-type': signed.contentType,
        ...signSlackRequest(SIGNING_SECRET, signed.body),
      };
      const req = request(h.eventsUrl, { method: 'POST', headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(signed.body);
    });
    expect(status).toBe(200);
  });

  it('refuses a signed body that was altered after signing', async () => {
    const signed = slashCommand({ text: 'declare original' });
    const { signSlackRequest } = await import('../../support/slack-requests.js');
    const headers = signSlackRequest(SIGNING_SECRET, signed.body);
    const res = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': signed.contentType, ...headers },
      body: signed.body.replace('original', 'tampered'),
    });
    expect(res.status).toBe(401);
  });

  it('keeps /api/stats closed outside the sandbox until WARROOM_API_TOKEN is set', async () => {
    const res = await fetch(`${h.app.url}/api/stats`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      ok: false,
      error: 'Set WARROOM_API_TOKEN to serve /api/stats, then send Authorization: Bearer <token>.',
    });
  });

  it('closes /metrics behind WARROOM_METRICS_TOKEN when it is set', async () => {
    expect((await fetch(`${h.app.url}/metrics`)).status).toBe(200);
    const closed = await startSlackHarness({ WARROOM_METRICS_TOKEN: 'scrape-secret' });
    try {
      expect((await fetch(`${closed.app.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${closed.app.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
        401,
      );
      const ok = await fetch(`${closed.app.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE warroom_outbox_depth gauge');
    } finally {
      await closed.stop();
    }
  });

  it('serves health and readiness on the same server', async () => {
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, mode: 'slack' });
  });
});
