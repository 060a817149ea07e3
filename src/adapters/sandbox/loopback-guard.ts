import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../http/http-errors.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostnameOf(hostHeader: string): string {
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : (hostHeader.split(':')[0] ?? '');
}

/**
 * The sandbox has no login: it trusts whoever reaches loopback. A web page the user visits can reach loopback too,
 * so refuse what a browser would send on another site's behalf: a Host other than loopback (DNS rebinding),
 * a foreign Origin, and non-JSON POSTs (text/plain and form posts skip the CORS preflight).
 */
export function guardLoopbackRequest(req: IncomingMessage): void {
  const host = req.headers.host ?? '';
  if (!LOOPBACK_NAMES.has(hostnameOf(host).toLowerCase())) {
    throw new HttpError(403, 'The sandbox only answers requests addressed to localhost or 127.0.0.1.');
  }
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      // fall through: an unparsable Origin is foreign
    }
    if (originHost !== host) throw new HttpError(403, 'Cross-origin requests to the sandbox are refused.');
  }
  if (req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'Send JSON (Content-Type: application/json).');
  }
}
