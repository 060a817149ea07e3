import { z } from 'zod';
import type { TeamsSettings } from './teams-settings.js';

const TokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().int().positive() });
/** Renew this long before Entra says a token expires, so a request never leaves with one about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface TeamsTokenClient {
  /** A client-credentials access token for `scope` (e.g. `https://api.botframework.com/.default`), cached. */
  token(scope: string): Promise<string>;
}

/**
 * Client-credentials tokens from Entra over plain fetch. MSAL (what botbuilder uses by default) refuses any non-https
 * authority, which would keep tests from a local fake; this is the documented request, one call per scope and hour.
 */
export function teamsTokenClient(
  settings: Pick<TeamsSettings, 'appId' | 'clientSecret' | 'tenantId' | 'loginUrl'>,
  now: () => number = Date.now,
): TeamsTokenClient {
  const cache = new Map<string, { value: string; renewAt: number }>();
  const pending = new Map<string, Promise<string>>();
  async function fetchToken(scope: string): Promise<string> {
    const url = `${settings.loginUrl.replace(/\/$/, '')}/${encodeURIComponent(settings.tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: settings.appId,
      client_secret: settings.clientSecret,
      scope,
    });
    const res = await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(10_000) });
    // Entra's error text can echo request details: say only what failed (CVE-2023-40171's lesson).
    if (!res.ok)
      throw new Error(
        `Entra refused a token for ${scope} (HTTP ${res.status}); check TEAMS_APP_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID`,
      );
    const answer = TokenAnswer.safeParse(await res.json().catch(() => null));
    if (!answer.success) throw new Error(`Entra answered a token request for ${scope} without a token`);
    cache.set(scope, {
      value: answer.data.access_token,
      renewAt: now() + answer.data.expires_in * 1000 - RENEW_BEFORE_MS,
    });
    return answer.data.access_token;
  }
  return {
    async token(scope) {
      const cached = cache.get(scope);
      if (cached && now() < cached.renewAt) return cached.value;
      // Concurrent callers share one request.
      let inFlight = pending.get(scope);
      if (!inFlight) {
        inFlight = fetchToken(scope).finally(() => pending.delete(scope));
        pending.set(scope, inFlight);
      }
      return inFlight;
    },
  };
}
