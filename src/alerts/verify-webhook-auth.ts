import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SourceAuth } from './alert-source.js';
import { resolveDotPath } from './resolve-dot-path.js';
import { bearerMatches } from '../http/bearer-matches.js';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // timingSafeEqual needs equal lengths; comparing lengths leaks only the length.
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/**
 * Checks a webhook's credentials the way its vendor sends them. Constant-time comparisons; the HMAC is over the
 * raw bytes received, never over re-serialised JSON.
 */
export function verifyWebhookAuth(
  auth: SourceAuth,
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  parsedBody: unknown,
  query: URLSearchParams = new URLSearchParams(),
): boolean {
  switch (auth.kind) {
    case 'bearer': {
      const authorization = header(headers, 'authorization');
      // A header that is there decides: a wrong one is not rescued by a right parameter.
      if (authorization !== null || !auth.queryParam) return bearerMatches(authorization ?? undefined, secret);
      const given = query.getAll(auth.queryParam);
      return given.length === 1 && same(given[0] ?? '', secret);
    }
    case 'hmac-sha256': {
      const value = header(headers, auth.header);
      if (!value || !value.startsWith(auth.prefix)) return false;
      const expected = createHmac('sha256', secret).update(rawBody).digest(auth.encoding);
      const given = value.slice(auth.prefix.length).trim();
      return same(auth.encoding === 'hex' ? given.toLowerCase() : given, expected);
    }
    case 'body-field': {
      // Only the first path the body has counts: a wrong key there is not rescued by a right one elsewhere.
      const path = auth.paths.find((p) => resolveDotPath(parsedBody, p) !== undefined);
      const value = path === undefined ? undefined : resolveDotPath(parsedBody, path);
      return typeof value === 'string' && same(value, secret);
    }
  }
}
