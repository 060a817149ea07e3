import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../http/http-errors.js';

/** A loopback name and an optional port, and nothing else (`localhost:3000@evil.example` is not loopback). */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/**
 * Fetch Metadata (sent by every current browser): a request another site started. The one kind let through is a plain
 * top-level navigation (a link to the sandbox on another page), which shows the page and can do nothing else; a framed
 * page (clickjacking: an invisible sandbox under the visitor's clicks), a script's fetch or a form post are refused.
 */
function startedByAnotherSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== 'cross-site' && site !== 'same-site') return false;
  const topLevelNavigation =
    req.method === 'GET' &&
    req.headers['sec-fetch-mode'] === 'navigate' &&
    req.headers['sec-fetch-dest'] === 'document';
  return !topLevelNavigation;
}

/**
 * The sandbox has no login: it trusts whoever reaches loopback. A web page the user visits can reach loopback too,
 * so refuse what a browser would send on another site's behalf: a Host other than loopback (DNS rebinding),
 * a foreign Origin, a request the browser marks as started by another site (Sec-Fetch-Site), and non-JSON POSTs
 * (text/plain and form posts skip the CORS preflight).
 */
export function guardLoopbackRequest(req: IncomingMessage): void {
  const host = req.headers.host ?? '';
  if (!LOOPBACK_HOST.test(host)) {
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
  if (startedByAnotherSite(req)) {
    throw new HttpError(403, 'The sandbox refuses requests started by another web site; open it from the address bar.');
  }
  if (req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'Send JSON (Content-Type: application/json).');
  }
}
