import { DeliveryError } from '../../core/delivery-error.js';
import { BOT_FRAMEWORK_SCOPE } from './teams-settings.js';
import type { TeamsTokenClient } from './teams-token-client.js';

/** An activity as the Bot Connector takes it; warroom only sends messages. */
export interface OutgoingActivity {
  type: 'message';
  text?: string;
  textFormat?: 'markdown' | 'plain' | 'xml';
  attachments?: unknown[];
  entities?: unknown[];
}

/** The Bot Connector REST calls warroom makes (docs/adr/0003): no retries here, the outbox owns them. */
export interface TeamsConnector {
  /** A new conversation: a thread in a channel (`channelData.channel.id`) or a personal chat (`members`). */
  createConversation(
    serviceUrl: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; activityId: string | null }>;
  /** Posts into a conversation; returns the new activity's id. */
  send(serviceUrl: string, conversationId: string, activity: OutgoingActivity): Promise<string>;
  update(serviceUrl: string, conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void>;
}

const TIMEOUT_MS = 10_000;
/** Worth sending again: Teams' rate limit and transient answers (rate-limit.md lists 412, 502, 504), 5xx, our token (an operator can fix it). */
const RETRY = new Set([401, 408, 412, 429]);

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The Bot Connector over fetch. botbuilder's own client retries up to three times and hides 429s from the caller
 * (ADR 0003); here every answer reaches the outbox as retry (with Retry-After), or permanent (400, 403, 404, 413:
 * sending the same again cannot work). Error texts name the call and status, never the body (it can echo the request).
 */
export function teamsConnector(tokens: TeamsTokenClient): TeamsConnector {
  async function call(
    method: 'POST' | 'PUT',
    serviceUrl: string,
    path: string,
    body: unknown,
  ): Promise<Record<string, unknown>> {
    const what = `${method} ${path.replace(/\/conversations\/[^/]+/, '/conversations/…')}`;
    let token: string;
    try {
      token = await tokens.token(`${BOT_FRAMEWORK_SCOPE}/.default`);
    } catch (error) {
      throw new DeliveryError(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'retry');
    }
    let res: Response;
    try {
      res = await fetch(new URL(path.replace(/^\//, ''), serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`), {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      // Refused, reset, timed out: Teams is unreachable for now.
      throw new DeliveryError(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'retry');
    }
    if (!res.ok) {
      const retry = RETRY.has(res.status) || res.status >= 500;
      throw new DeliveryError(
        `${what}: HTTP ${res.status}`,
        retry ? 'retry' : 'permanent',
        retry ? retryAfterMs(res.headers.get('retry-after')) : undefined,
      );
    }
    return ((await res.json().catch(() => ({}))) as Record<string, unknown> | null) ?? {};
  }
  const idOf = (answer: Record<string, unknown>, what: string): string => {
    if (typeof answer.id !== 'string' || answer.id === '')
      throw new DeliveryError(`${what}: no id in the answer`, 'retry');
    return answer.id;
  };
  return {
    async createConversation(serviceUrl, body) {
      const answer = await call('POST', serviceUrl, '/v3/conversations', body);
      return {
        id: idOf(answer, 'POST /v3/conversations'),
        activityId: typeof answer.activityId === 'string' ? answer.activityId : null,
      };
    },
    async send(serviceUrl, conversationId, activity) {
      return idOf(
        await call('POST', serviceUrl, `/v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity),
        'send',
      );
    },
    async update(serviceUrl, conversationId, activityId, activity) {
      await call(
        'PUT',
        serviceUrl,
        `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`,
        { ...activity, id: activityId },
      );
    },
  };
}
