import { z } from 'zod';
import { DeliveryError } from '../../core/delivery-error.js';
import type { Pacer } from '../../infra/outbox/pacer.js';
import { slidingWindowPacer } from '../../infra/outbox/sliding-window-pacer.js';
import { teamsChannelName } from './teams-channel-name.js';
import { retryAfterMs } from './teams-connector.js';
import { GRAPH_RESOURCE } from './teams-settings.js';
import type { TeamsTokenClient } from './teams-token-client.js';

/** Why a team will not get a channel for this war room; each means "open it as a thread instead". */
export type TeamsChannelRefusal =
  /** 403: the team owner has not granted the app's RSC permission Channel.Create.Group (or it is not installed). */
  | 'consent'
  /** 403: 1,000 channels, deleted ones counting for 30 days. */
  | 'channel-limit'
  /** 429s for longer than the client may keep a war room waiting. */
  | 'throttled'
  /** 404: TEAMS_INCIDENT_TEAM_ID names no team. */
  | 'team-not-found'
  /** 400 for the name itself (not because it is taken): another suffix would be refused the same way. */
  | 'name-refused';

/** What opening a war room channel came to; transient failures throw DeliveryError instead. */
export type WarRoomOpening =
  | { kind: 'channel'; id: string; name: string }
  /** Someone (perhaps a lost earlier attempt) has that name: adopt it with findOwnRoom, or try the next suffix. */
  | { kind: 'name-taken'; name: string }
  | { kind: 'fallback'; reason: TeamsChannelRefusal; name: string; detail: string };

export interface TeamsGraphChannels {
  /**
   * Creates a standard channel in the incidents team, named for Teams (`teamsChannelName`), its description warroom's
   * mark followed by `about` (e.g. "INC-0042, sev2"). Throws DeliveryError:
   * `wait` for our own pacing or a Retry-After still running, `retry` for Graph 5xx, 401, 429 (with Retry-After) and
   * unreachable Graph or Entra. Nothing else is ever posted through Graph.
   */
  openRoom(name: string, about?: string): Promise<WarRoomOpening>;
  /**
   * The channel called `name` that warroom created at or after `since` (a minute of clock skew allowed): one an earlier
   * attempt created but never heard back about, to adopt instead of opening `-2`. Null when there is none, or when
   * the team did not grant ChannelSettings.Read.Group (the caller then moves on to the next suffix).
   */
  findOwnRoom(name: string, since: Date): Promise<{ id: string; name: string } | null>;
}

/** Starts every description warroom gives a channel, so a same-named channel a person made is never adopted as ours. */
export const WARROOM_CHANNEL_MARK = 'Incident war room opened by warroom';
/** "A maximum of 4 requests per second per app can be issued on a given team or channel" (Graph throttling-limits). */
export const GRAPH_TEAM_WINDOWS = [{ limit: 4, windowMs: 1_000 }] as const;
const TIMEOUT_MS = 10_000;
const CLOCK_SKEW_MS = 60_000;
/** Description limit (New-TeamChannel: "up to 1024 characters"). */
const MAX_DESCRIPTION = 1024;

const GraphErrorBody = z
  .object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }).passthrough() })
  .passthrough();
const CreatedChannel = z.object({ id: z.string().min(1), displayName: z.string().optional() }).passthrough();
const ChannelPage = z
  .object({
    value: z.array(
      z
        .object({
          id: z.string(),
          displayName: z.string().nullish(),
          description: z.string().nullish(),
          createdDateTime: z.string().nullish(),
          membershipType: z.string().nullish(),
        })
        .passthrough(),
    ),
    '@odata.nextLink': z.string().optional(),
  })
  .passthrough();

interface GraphAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * War-room channels through Microsoft Graph, app-only (client credentials, `https://graph.microsoft.com/.default`),
 * for one incidents team. Every request is paced to Graph's 4 per second per team on `now`; a 429 blocks the team
 * until its Retry-After, and once throttling has kept a war room waiting longer than `maxThrottleMs` the answer is a
 * fallback, so an incident opens as a thread rather than waiting on Graph.
 */
export function teamsGraphChannels(o: {
  tokens: TeamsTokenClient;
  /** Graph with its version: `https://graph.microsoft.com/v1.0` (TEAMS_GRAPH_URL). */
  graphUrl: string;
  /** The incidents team's Entra group id (TEAMS_INCIDENT_TEAM_ID). */
  teamId: string;
  now?: () => number;
  pacer?: Pacer;
  maxThrottleMs?: number;
}): TeamsGraphChannels {
  const now = o.now ?? Date.now;
  const pacer = o.pacer ?? slidingWindowPacer(GRAPH_TEAM_WINDOWS);
  const maxThrottleMs = o.maxThrottleMs ?? 60_000;
  const base = o.graphUrl.replace(/\/+$/, '');
  const channelsUrl = `${base}/teams/${encodeURIComponent(o.teamId)}/channels`;
  /** The current run of 429s for the team: when it began and when Graph said to come back. */
  let throttle: { since: number; until: number } | null = null;

  /** Throws `wait` while Graph's Retry-After runs or our pacing says so. */
  function mayCall(what: string): void {
    const at = now();
    if (throttle && at < throttle.until)
      throw new DeliveryError(`${what}: Graph asked to wait (Retry-After)`, 'wait', throttle.until - at);
    const wait = pacer.take(o.teamId, at);
    if (wait > 0) throw new DeliveryError(`${what}: pacing Graph to 4 requests/s per team`, 'wait', wait);
  }

  /** Records a 429; true when throttling has now lasted longer than a war room should wait. */
  function throttled(res: GraphAnswer): { tooLong: boolean; waitMs: number | undefined } {
    const at = now();
    const waitMs = retryAfterMs(res.headers.get('retry-after'), at);
    // A 429 soon after the last one's Retry-After ended continues the same run; much later, it starts a new one.
    const since = throttle && at - throttle.until < maxThrottleMs ? throttle.since : at;
    throttle = { since, until: at + (waitMs ?? 1_000) };
    return { tooLong: throttle.until - since > maxThrottleMs, waitMs };
  }

  async function call(method: 'GET' | 'POST', url: string, what: string, body?: unknown): Promise<GraphAnswer> {
    let token: string;
    try {
      token = await o.tokens.token(`${GRAPH_RESOURCE}/.default`);
    } catch (error) {
      throw new DeliveryError(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'retry');
    }
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      // Refused, reset, timed out: Graph is unreachable, or the answer was lost after Graph acted (findOwnRoom adopts).
      throw new DeliveryError(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'retry');
    }
    const answer = { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
    if (res.status !== 429) throttle = null;
    return answer;
  }

  /** Graph's error code and message; the message is matched against, never echoed whole (it can name the request). */
  const errorOf = (body: unknown) => {
    const parsed = GraphErrorBody.safeParse(body);
    return {
      code: parsed.success ? (parsed.data.error.code ?? '') : '',
      message: parsed.success ? (parsed.data.error.message ?? '') : '',
    };
  };
  const transient = (what: string, res: GraphAnswer, code: string) =>
    new DeliveryError(
      `${what}: HTTP ${res.status}${code ? ` ${code}` : ''}`,
      'retry',
      retryAfterMs(res.headers.get('retry-after'), now()),
    );

  return {
    async openRoom(requested, about) {
      const name = teamsChannelName(requested);
      const what = 'POST /teams/…/channels';
      const fallback = (reason: TeamsChannelRefusal, why: string): WarRoomOpening => ({
        kind: 'fallback',
        reason,
        name,
        detail: why,
      });
      if (throttle && now() < throttle.until && throttle.until - throttle.since > maxThrottleMs) {
        return fallback(
          'throttled',
          `Microsoft Graph has been throttling the incidents team for over ${Math.round(maxThrottleMs / 1000)} s.`,
        );
      }
      mayCall(what);
      const description = `${WARROOM_CHANNEL_MARK}${about ? `: ${about}` : '.'}`.slice(0, MAX_DESCRIPTION);
      const res = await call('POST', channelsUrl, what, { displayName: name, description, membershipType: 'standard' });
      const { code, message } = errorOf(res.body);
      if (res.status === 200 || res.status === 201) {
        const created = CreatedChannel.safeParse(res.body);
        if (!created.success) throw new DeliveryError(`${what}: no channel id in the answer`, 'retry');
        return { kind: 'channel', id: created.data.id, name: created.data.displayName ?? name };
      }
      if (res.status === 429) {
        const { tooLong, waitMs } = throttled(res);
        if (tooLong)
          return fallback(
            'throttled',
            `Microsoft Graph has been throttling the incidents team for over ${Math.round(maxThrottleMs / 1000)} s.`,
          );
        throw new DeliveryError(`${what}: HTTP 429 throttled by Graph`, 'retry', waitMs);
      }
      // A taken name (deleted channels included): 400 BadRequest or NameAlreadyExists, "Channel name already existed…".
      if (
        (res.status === 400 || res.status === 409) &&
        (code === 'NameAlreadyExists' || /already exist/i.test(message))
      ) {
        return { kind: 'name-taken', name };
      }
      if (res.status === 400)
        return fallback('name-refused', `Teams refused the channel name ${name} (HTTP 400 ${code}).`);
      if (
        res.status === 403 &&
        (code === 'ResourceLimitExceeded' || /max(imum)? allowed channels|channel limit/i.test(message))
      ) {
        return fallback(
          'channel-limit',
          'The incidents team has reached Teams’ limit of 1,000 channels (deleted channels count for 30 days); delete old incident channels.',
        );
      }
      if (res.status === 403) {
        return fallback(
          'consent',
          'Microsoft Graph refused to create a channel (HTTP 403): the incidents team has not granted warroom Channel.Create.Group; a team owner must (re)install the app in the team and accept its permissions.',
        );
      }
      if (res.status === 404)
        return fallback(
          'team-not-found',
          'Microsoft Graph knows no team with the id in TEAMS_INCIDENT_TEAM_ID (HTTP 404).',
        );
      // 401 (our token: an operator can fix the secret or consent), 408, 5xx and anything unforeseen: try again later.
      throw transient(what, res, code);
    },

    async findOwnRoom(requested, since) {
      const name = teamsChannelName(requested);
      const what = 'GET /teams/…/channels';
      const filter = `displayName eq '${name.replace(/'/g, "''")}'`;
      let url: string | undefined = `${channelsUrl}?$filter=${encodeURIComponent(filter)}`;
      while (url) {
        mayCall(what);
        const res = await call('GET', url, what);
        if (res.status === 429) {
          throw new DeliveryError(`${what}: HTTP 429 throttled by Graph`, 'retry', throttled(res).waitMs);
        }
        // No ChannelSettings.Read.Group, or no such team: nothing can be adopted, the caller tries the next name.
        if (res.status === 403 || res.status === 404) return null;
        const page = ChannelPage.safeParse(res.body);
        if (res.status !== 200 || !page.success) throw transient(what, res, errorOf(res.body).code);
        // Compared here too, not left to $filter: Graph's matching rules for it are not documented.
        const ours = page.data.value.find(
          (c) =>
            (c.displayName ?? '').toLowerCase() === name.toLowerCase() &&
            (c.membershipType ?? 'standard') === 'standard' &&
            (c.description ?? '').startsWith(WARROOM_CHANNEL_MARK) &&
            !!c.createdDateTime &&
            Date.parse(c.createdDateTime) >= since.getTime() - CLOCK_SKEW_MS,
        );
        if (ours) return { id: ours.id, name: ours.displayName ?? name };
        const next = page.data['@odata.nextLink'];
        // The token only ever goes to the configured Graph.
        url = next && new URL(next).origin === new URL(base).origin ? next : undefined;
      }
      return null;
    },
  };
}
