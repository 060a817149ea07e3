import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { ActionExecutor } from '../core/approval/approval.js';
import { outboundAddressPolicy } from './outbound-address-policy.js';
import { postPinned, type PinnedAnswer } from './post-pinned.js';

export interface WebhookExecutorOptions {
  url: string;
  /** HMAC key: the receiver checks `X-Warroom-Signature: sha256=<hex of HMAC(timestamp + "." + body)>`. */
  secret: string;
  /** Host names that may be called (the configured URL's host is always allowed); redirects elsewhere are refused. */
  allowHosts?: readonly string[];
  /** Private ranges the executor legitimately lives in (e.g. 10.20.0.0/16). Link-local/metadata stay refused. */
  allowCidrs?: readonly string[];
  /** The whole exchange: name lookups, connecting, every redirect and reading the answer. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Reading stops (and the call fails) once the answer passes this many bytes. */
  maxResponseBytes?: number;
}

export const MAX_RESPONSE_BYTES = 256 * 1024;

class RefusedError extends Error {}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts (for calls that take no signal). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Calls an operator's automation (SOAR, EDR bridge, runbook service) with the approved action, signed. SSRF-safe:
 * each hop's host must be allow-listed, its name is resolved once and the connection pinned to the checked
 * address (no DNS rebinding between check and connect), and redirects are followed by hand and checked again.
 * One deadline covers the whole exchange, so a target that drips, streams or redirects forever cannot hold the
 * action (or shutdown) hostage; the failure says whether the request had been sent, since then the target may
 * have acted.
 */
export function webhookExecutor(opts: WebhookExecutorOptions): ActionExecutor {
  const policy = outboundAddressPolicy(opts.allowCidrs);
  const base = new URL(opts.url);
  const allowHosts = new Set([base.hostname.toLowerCase(), ...(opts.allowHosts ?? []).map((h) => h.toLowerCase())]);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxRedirects = opts.maxRedirects ?? 3;
  const maxBytes = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;

  async function pinned(url: URL, signal: AbortSignal): Promise<{ address: string; family: number }> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedError(`${url.protocol} is not allowed`);
    if (!allowHosts.has(url.hostname.toLowerCase()))
      throw new RefusedError(`host ${url.hostname} is not on the executor allow-list`);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    const resolved = (await abortable(lookup(literal, { all: true, verbatim: true }), signal)).filter(
      (a) => a.family === 4 || a.family === 6,
    );
    // Every address the name has must be acceptable: an attacker-controlled name can return several.
    for (const a of resolved) {
      const why = policy.refuse(a.address);
      if (why) throw new RefusedError(`${url.hostname} resolves to ${why}`);
    }
    const first = resolved[0];
    if (!first) throw new RefusedError(`${url.hostname} does not resolve`);
    return first;
  }

  return {
    name: `webhook ${base.host}`,
    async execute({ action, params, incidentRef, approvalId, signal: shutdown }) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = shutdown ? AbortSignal.any([deadline, shutdown]) : deadline;
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
      let sent = false;
      try {
        for (let hop = 0; hop <= maxRedirects; hop += 1) {
          const pin = await pinned(url, signal);
          const res: PinnedAnswer = await postPinned({
            url,
            pin,
            body,
            headers,
            signal,
            maxBytes,
            onSent: () => (sent = true),
          });
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
          return {
            ok: res.status >= 200 && res.status < 300,
            detail: { status: res.status, url: url.href, response: answer },
          };
        }
        return { ok: false, detail: { error: `more than ${maxRedirects} redirects`, url: url.href } };
      } catch (error) {
        if (error instanceof RefusedError)
          return { ok: false, detail: { error: `refused: ${error.message}`, url: url.href } };
        // Once sent, the target may have acted even though no complete answer came back: say so.
        const after = sent
          ? '; the request was sent, so the target may have acted: check it before requesting again'
          : '; nothing was sent';
        if (deadline.aborted) {
          return {
            ok: false,
            detail: {
              error: `no complete answer within ${timeoutMs} ms (the deadline covers connecting, redirects and the whole answer)${after}`,
              url: url.href,
              sent,
            },
          };
        }
        if (shutdown?.aborted)
          return {
            ok: false,
            detail: {
              error: `interrupted: warroom shut down during the call${after}`,
              url: url.href,
              sent,
              interrupted: true,
            },
          };
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, detail: { error: `${message}${sent ? after : ''}`, url: url.href, sent } };
      }
    },
  };
}
