import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ActionExecutor } from '../core/approval/approval.js';
import { outboundAddressPolicy } from './outbound-address-policy.js';

export interface WebhookExecutorOptions {
  url: string;
  /** HMAC key: the receiver checks `X-Warroom-Signature: sha256=<hex of HMAC(timestamp + "." + body)>`. */
  secret: string;
  /** Host names that may be called (the configured URL's host is always allowed); redirects elsewhere are refused. */
  allowHosts?: readonly string[];
  /** Private ranges the executor legitimately lives in (e.g. 10.20.0.0/16). Link-local/metadata stay refused. */
  allowCidrs?: readonly string[];
  timeoutMs?: number;
  maxRedirects?: number;
}

const MAX_RESPONSE_BYTES = 256 * 1024;

class RefusedError extends Error {}

/**
 * Calls an operator's automation (SOAR, EDR bridge, runbook service) with the approved action, signed. SSRF-safe:
 * each hop's host must be allow-listed, its name is resolved once and the connection pinned to the checked
 * address (no DNS rebinding between check and connect), and redirects are followed by hand and checked again.
 */
export function webhookExecutor(opts: WebhookExecutorOptions): ActionExecutor {
  const policy = outboundAddressPolicy(opts.allowCidrs);
  const base = new URL(opts.url);
  const allowHosts = new Set([base.hostname.toLowerCase(), ...(opts.allowHosts ?? []).map((h) => h.toLowerCase())]);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxRedirects = opts.maxRedirects ?? 3;

  async function pinned(url: URL): Promise<{ address: string; family: number }> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedError(`${url.protocol} is not allowed`);
    if (!allowHosts.has(url.hostname.toLowerCase())) throw new RefusedError(`host ${url.hostname} is not on the executor allow-list`);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    const resolved = (await lookup(literal, { all: true, verbatim: true })).filter((a) => a.family === 4 || a.family === 6);
    // Every address the name has must be acceptable: an attacker-controlled name can return several.
    for (const a of resolved) {
      const why = policy.refuse(a.address);
      if (why) throw new RefusedError(`${url.hostname} resolves to ${why}`);
    }
    const first = resolved[0];
    if (!first) throw new RefusedError(`${url.hostname} does not resolve`);
    return first;
  }

  async function send(url: URL, body: string, headers: Record<string, string>): Promise<{ status: number; location: string | null; text: string }> {
    const { address, family } = await pinned(url);
    const pin: LookupFunction = (_host, options, callback) => {
      if (typeof options === 'object' && options && 'all' in options && options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() }, lookup: pin, timeout: timeoutMs }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  return {
    name: `webhook ${base.host}`,
    async execute({ action, params, incidentRef, approvalId }) {
      const body = JSON.stringify({ action, params, incident: incidentRef, approvalId });
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const signature = createHmac('sha256', opts.secret).update(`${timestamp}.${body}`).digest('hex');
      const headers = {
        'content-type': 'application/json',
        'x-warroom-timestamp': timestamp,
        'x-warroom-signature': `sha256=${signature}`,
        'x-warroom-approval': String(approvalId),
      };
      let url = base;
      try {
        for (let hop = 0; hop <= maxRedirects; hop += 1) {
          const res = await send(url, body, headers);
          if (res.status >= 300 && res.status < 400 && res.location) {
            url = new URL(res.location, url);
            continue;
          }
          let answer: unknown = res.text;
          try {
            answer = JSON.parse(res.text);
          } catch {
            // a plain-text answer is kept as text
          }
          return { ok: res.status >= 200 && res.status < 300, detail: { status: res.status, url: url.href, response: answer } };
        }
        return { ok: false, detail: { error: `more than ${maxRedirects} redirects`, url: url.href } };
      } catch (error) {
        const refused = error instanceof RefusedError;
        return { ok: false, detail: { error: `${refused ? 'refused: ' : ''}${error instanceof Error ? error.message : String(error)}`, url: url.href } };
      }
    },
  };
}
