import { DeliveryError } from '../../core/delivery-error.js';
import { TeamsHttpError } from './teams-http-error.js';
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

/** A member of a conversation as Teams describes them (only what warroom reads). */
export interface TeamsMember {
  /** The bot-scoped `29:` id. */
  id: string;
  name: string;
  aadObjectId: string;
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
  /**
   * One member of a conversation (a channel: its team), looked up by `29:` id or Entra object id; null when Teams
   * says they are not in it (404).
   */
  member(serviceUrl: string, conversationId: string, memberId: string): Promise<TeamsMember | null>;
}

const TIMEOUT_MS = 10_000;
/** Worth sending again: Teams' rate limit and transient answers (rate-limit.md lists 412, 502, 504), 5xx, our token (an operator can fix it). */
const RETRY = new Set([401, 408, 412, 429]);
/** A Bot Framework error code as a metric label: Teams' codes are short PascalCase words; anything else is not one. */
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** The Bot Connector operation (its REST reference's and botbuilder's name): the dead-letter metric's method label. */
type Operation =
  | 'conversations.createConversation'
  | 'conversations.sendToConversation'
  | 'conversations.updateActivity'
  | 'conversations.getConversationMember';

/**
 * Teams' own code from the Bot Framework error body `{ "error": { "code", "message" } }` (conversation-messages.md,
 * "Status code responses": 403 BotNotInConversationRoster, 404 ConversationNotFound, 413 MessageSizeTooBig, ...), or
 * `http_<status>` when the body has none. The message is not kept: it can echo what was sent.
 */
async function errorCodeOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: unknown } } | null;
  const code = body?.error?.code;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : `http_${res.status}`;
}

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
  /** One request; `absent` is what a 404 answers instead of failing (a lookup of someone who is not there). */
  async function call<A = never>(
    operation: Operation,
    method: 'GET' | 'POST' | 'PUT',
    serviceUrl: string,
    path: string,
    body?: unknown,
    o: { absent?: A } = {},
  ): Promise<Record<string, unknown> | A> {
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
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      // Refused, reset, timed out: Teams is unreachable for now.
      throw new DeliveryError(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'retry');
    }
    if (res.status === 404 && 'absent' in o) return o.absent as A;
    if (!res.ok) {
      const retry = RETRY.has(res.status) || res.status >= 500;
      const code = await errorCodeOf(res);
      // The code names why for good (the app was removed from the team, the conversation is gone): it labels the
      // dead letter, so `warroom outbox list` and warroom_outbox_dead_total say what to fix.
      throw new TeamsHttpError(
        `${what}: HTTP ${res.status} ${code}`,
        retry ? 'retry' : 'permanent',
        res.status,
        retry ? retryAfterMs(res.headers.get('retry-after')) : undefined,
        retry ? undefined : { method: operation, code },
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
      const answer = await call('conversations.createConversation', 'POST', serviceUrl, '/v3/conversations', body);
      return {
        id: idOf(answer, 'POST /v3/conversations'),
        activityId: typeof answer.activityId === 'string' ? answer.activityId : null,
      };
    },
    async send(serviceUrl, conversationId, activity) {
      return idOf(
        await call(
          'conversations.sendToConversation',
          'POST',
          serviceUrl,
          `/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
          activity,
        ),
        'send',
      );
    },
    async member(serviceUrl, conversationId, memberId) {
      const path = `/v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(memberId)}`;
      // 404 MemberNotFoundInConversation: not in the team.
      const answer = await call('conversations.getConversationMember', 'GET', serviceUrl, path, undefined, {
        absent: null,
      });
      if (!answer) return null;
      const { id, name, aadObjectId } = answer;
      if (typeof id !== 'string' || typeof name !== 'string' || name.trim() === '') return null;
      return { id, name, aadObjectId: typeof aadObjectId === 'string' ? aadObjectId : memberId };
    },
    async update(serviceUrl, conversationId, activityId, activity) {
      await call(
        'conversations.updateActivity',
        'PUT',
        serviceUrl,
        `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`,
        { ...activity, id: activityId },
      );
    },
  };
}
