import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookExecutor } from '../../src/executors/webhook-executor.js';
import { startLocalTarget, type LocalTarget } from '../support/local-target.js';

const SECRET = 'executor-secret-0123456789';
const targets: LocalTarget[] = [];
afterEach(async () => {
  await Promise.all(targets.splice(0).map((t) => t.close()));
});
async function serve(handler: Parameters<typeof startLocalTarget>[0]): Promise<LocalTarget> {
  const target = await startLocalTarget(handler);
  targets.push(target);
  return target;
}

const request = { action: 'isolate_host', params: { host: 'fin-ws-12' }, incidentRef: 'INC-0042', approvalId: 7 };

describe('webhook executor', () => {
  it('refuses a loopback target by default and sends nothing', async () => {
    const target = await serve((_req, _body, res) => res.end('{}'));
    const result = await webhookExecutor({ url: target.url, secret: SECRET }).execute(request);
    expect(result).toEqual({
      ok: false,
      detail: {
        error:
          'refused: 127.0.0.1 resolves to 127.0.0.1 is loopback (list it in WARROOM_EXECUTOR_ALLOW_CIDRS if your executor really lives there)',
        url: target.url,
      },
    });
    expect(target.hits).toEqual([]);
  });

  it('signs the request and captures the answer when the range is allowed', async () => {
    const target = await serve((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ isolated: true, edrJob: 'job-991' }));
    });
    const result = await webhookExecutor({ url: target.url, secret: SECRET, allowCidrs: ['127.0.0.0/8'] }).execute(
      request,
    );
    expect(result).toEqual({
      ok: true,
      detail: { status: 200, url: target.url, response: { isolated: true, edrJob: 'job-991' } },
    });
    const hit = target.hits[0];
    expect(JSON.parse(hit?.body ?? '{}')).toEqual({
      action: 'isolate_host',
      params: { host: 'fin-ws-12' },
      incident: 'INC-0042',
      approvalId: 7,
    });
    const expected = createHmac('sha256', SECRET)
      .update(`${String(hit?.headers['x-warroom-timestamp'])}.${hit?.body ?? ''}`)
      .digest('hex');
    expect(hit?.headers['x-warroom-signature']).toBe(`sha256=${expected}`);
  });

  it('re-checks redirects: a hop to a host not on the allow-list, or to the metadata service, is refused', async () => {
    const elsewhere = await serve((_req, _body, res) => res.end('{}'));
    const redirector = await serve((req, _body, res) => {
      res.writeHead(302, {
        location:
          req.url === '/isolate' ? `http://localhost:${elsewhere.port}/x` : 'http://169.254.169.254/latest/meta-data/',
      });
      res.end();
    });
    const toOtherHost = await webhookExecutor({
      url: redirector.url,
      secret: SECRET,
      allowCidrs: ['127.0.0.0/8'],
    }).execute(request);
    expect(toOtherHost.detail.error).toBe('refused: host localhost is not on the executor allow-list');
    expect(elsewhere.hits).toEqual([]);
    const toMetadata = await webhookExecutor({
      url: `http://127.0.0.1:${redirector.port}/second`,
      secret: SECRET,
      allowCidrs: ['127.0.0.0/8', '169.254.0.0/16'],
      allowHosts: ['169.254.169.254'],
    }).execute(request);
    expect(toMetadata.detail.error).toBe(
      'refused: 169.254.169.254 resolves to 169.254.169.254 is link-local (cloud metadata)',
    );
  });

  it('gives up at the deadline, and reports non-2xx answers as failures', async () => {
    const silent = await serve(() => undefined);
    const slow = await webhookExecutor({
      url: silent.url,
      secret: SECRET,
      allowCidrs: ['127.0.0.0/8'],
      timeoutMs: 200,
    }).execute(request);
    expect(slow).toEqual({
      ok: false,
      detail: {
        error:
          'no complete answer within 200 ms (the deadline covers connecting, redirects and the whole answer); the request was sent, so the target may have acted: check it before requesting again',
        url: silent.url,
        sent: true,
      },
    });
    await silent.closed(1);
    const broken = await serve((_req, _body, res) => {
      res.writeHead(500);
      res.end('EDR backend unavailable');
    });
    expect(
      await webhookExecutor({ url: broken.url, secret: SECRET, allowCidrs: ['127.0.0.0/8'] }).execute(request),
    ).toEqual({
      ok: false,
      detail: { status: 500, url: broken.url, response: 'EDR backend unavailable' },
    });
  });

  it('judges an IPv6 literal by the IPv4 it embeds: ::ffff:127.0.0.1 really reaches the IPv4 loopback server', async () => {
    const target = await serve((_req, _body, res) => res.end('{"ok":true}'));
    const mapped = `http://[::ffff:127.0.0.1]:${target.port}/isolate`;
    const refused = await webhookExecutor({ url: mapped, secret: SECRET }).execute(request);
    expect(refused.detail.error).toBe(
      'refused: [::ffff:7f00:1] resolves to ::ffff:7f00:1 embeds 127.0.0.1 (IPv4-mapped), which is loopback (list it in WARROOM_EXECUTOR_ALLOW_CIDRS if your executor really lives there)',
    );
    const nat64 = await webhookExecutor({
      url: `http://[64:ff9b::7f00:1]:${target.port}/isolate`,
      secret: SECRET,
    }).execute(request);
    expect(nat64.detail.error).toMatch(
      /^refused: \[64:ff9b::7f00:1\] resolves to 64:ff9b::7f00:1 embeds 127\.0\.0\.1 \(NAT64\), which is loopback/,
    );
    expect(target.hits).toEqual([]);
    // Listing the IPv4 range is what lets it through: the dual-stack socket connects to 127.0.0.1.
    const allowed = await webhookExecutor({ url: mapped, secret: SECRET, allowCidrs: ['127.0.0.0/8'] }).execute(
      request,
    );
    expect(allowed).toMatchObject({ ok: true, detail: { status: 200, response: { ok: true } } });
    expect(target.hits).toHaveLength(1);
  });

  it('refuses names that resolve to loopback (no DNS tricks) and non-http schemes', async () => {
    const target = await serve((_req, _body, res) => res.end('{}'));
    const byName = await webhookExecutor({ url: `http://localhost:${target.port}/x`, secret: SECRET }).execute(request);
    expect(byName.detail.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1) is loopback/);
    const file = await webhookExecutor({ url: 'file:///etc/passwd', secret: SECRET }).execute(request);
    expect(file.detail.error).toBe('refused: file: is not allowed');
  });
});
