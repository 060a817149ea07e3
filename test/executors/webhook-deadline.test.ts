import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, webhookExecutor } from '../../src/executors/webhook-executor.js';
import { sendEndlessBody, startLocalTarget, type LocalTarget } from '../support/local-target.js';

const SECRET = 'executor-secret-0123456789';
const request = { action: 'isolate_host', params: { host: 'fin-ws-12' }, incidentRef: 'INC-0042', approvalId: 7 };
const SENT = '; the request was sent, so the target may have acted: check it before requesting again';
const deadlineError = (ms: number) =>
  `no complete answer within ${ms} ms (the deadline covers connecting, redirects and the whole answer)${SENT}`;

const targets: LocalTarget[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  timers.splice(0).forEach(clearInterval);
  await Promise.all(targets.splice(0).map((t) => t.close()));
});
async function serve(handler: Parameters<typeof startLocalTarget>[0]): Promise<LocalTarget> {
  const target = await startLocalTarget(handler);
  targets.push(target);
  return target;
}
const executorFor = (url: string, extra: { timeoutMs?: number; maxRedirects?: number } = {}) =>
  webhookExecutor({ url, secret: SECRET, allowCidrs: ['127.0.0.0/8'], ...extra });

describe('webhook executor: one deadline over the whole exchange', () => {
  it('a server that drips a byte every 500 ms is cut off at the deadline, and the connection is closed', async () => {
    const dripping = await serve((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 500);
      timers.push(drip);
      res.on('close', () => clearInterval(drip));
    });
    const result = await executorFor(dripping.url, { timeoutMs: 1200 }).execute(request);
    expect(result).toEqual({ ok: false, detail: { error: deadlineError(1200), url: dripping.url, sent: true } });
    await dripping.closed(1);
  });

  it('an endless body is abandoned once it passes the byte cap, without buffering the rest', async () => {
    const endless = await serve((_req, _body, res) => sendEndlessBody(res, 'text/plain'));
    const result = await executorFor(endless.url, { timeoutMs: 60_000 }).execute(request);
    expect(result).toEqual({
      ok: false,
      detail: {
        error: `the answer (status 200) passed ${MAX_RESPONSE_BYTES} bytes; stopped reading${SENT}`,
        url: endless.url,
        sent: true,
      },
    });
    await endless.closed(1);
  });

  it('an answer that announces more than the cap is refused before its body is read', async () => {
    const huge = await serve((_req, _body, res) => {
      res.writeHead(200, { 'content-length': String(MAX_RESPONSE_BYTES * 40) });
      res.write('{');
    });
    const result = await executorFor(huge.url, { timeoutMs: 60_000 }).execute(request);
    expect(result.detail.error).toBe(
      `the answer (status 200) passed ${MAX_RESPONSE_BYTES} bytes; stopped reading${SENT}`,
    );
    await huge.closed(1);
  });

  it('a redirect chain slower than the deadline ends at the deadline, not at the redirect limit', async () => {
    const chain = await serve((req, _body, res) => {
      const hop = Number(/\/hop\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      // Each hop answers promptly enough on its own; only the chain as a whole is too slow.
      const later = setTimeout(() => {
        res.writeHead(307, { location: `/hop/${hop + 1}` });
        res.end();
      }, 250);
      res.on('close', () => clearTimeout(later));
    });
    const result = await executorFor(chain.url, { timeoutMs: 1500, maxRedirects: 50 }).execute(request);
    expect(result.ok).toBe(false);
    expect(result.detail.error).toBe(deadlineError(1500));
    expect(result.detail.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${chain.port}/hop/\\d+$`));
    expect(chain.hits.length).toBeGreaterThan(1);
    expect(chain.hits.length).toBeLessThan(50);
    await chain.closed(chain.hits.length);
  });

  it('shutdown aborts a hanging call at once and says the request had been sent', async () => {
    const hanging = await serve(() => undefined);
    const shutdown = new AbortController();
    const running = executorFor(hanging.url, { timeoutMs: 120_000 }).execute({ ...request, signal: shutdown.signal });
    await hanging.arrived(1);
    shutdown.abort(new Error('warroom is shutting down'));
    expect(await running).toEqual({
      ok: false,
      detail: {
        error: `interrupted: warroom shut down during the call${SENT}`,
        url: hanging.url,
        sent: true,
        interrupted: true,
      },
    });
    await hanging.closed(1);
  });

  it('a call that starts after shutdown sends nothing and says so', async () => {
    const target = await serve((_req, _body, res) => res.end('{}'));
    const result = await executorFor(target.url).execute({
      ...request,
      signal: AbortSignal.abort(new Error('warroom is shutting down')),
    });
    expect(result).toEqual({
      ok: false,
      detail: {
        error: 'interrupted: warroom shut down during the call; nothing was sent',
        url: target.url,
        sent: false,
        interrupted: true,
      },
    });
    expect(target.hits).toEqual([]);
  });
});
