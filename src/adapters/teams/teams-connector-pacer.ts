import type { Pacer } from '../../infra/outbox/pacer.js';
import { slidingWindowPacer, type PaceWindow } from '../../infra/outbox/sliding-window-pacer.js';

/**
 * Teams' per bot per conversation limits for sending and for creating conversations (rate-limit.md, "Rate limiting
 * for agents"): a conversation is a 1:1 chat, a group chat or a whole channel.
 */
export const TEAMS_CONVERSATION_WINDOWS: readonly PaceWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** "The global limit per app per tenant is 50 Requests Per Second" (same page; older copies said 30). */
export const TEAMS_TENANT_WINDOWS: readonly PaceWindow[] = [{ limit: 50, windowMs: 1_000 }];

/** The conversation a Bot Connector id counts against: a thread `19:…@thread.tacv2;messageid=…` is its channel's. */
export function teamsConversationOf(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut === -1 ? conversationId : conversationId.slice(0, cut);
}

/** The connector pacer, and what Teams itself said about a conversation. */
export interface TeamsConnectorPacer extends Pacer {
  /**
   * Teams answered 429 with Retry-After for this conversation: no call to it (a thread counts as its channel) before
   * `untilMs`, whichever queue it comes from. Another war room's thread in the same channel, the announcements and the
   * digest would otherwise each meet the same 429, and keep the throttling going.
   */
  hold(conversationId: string, untilMs: number): void;
}

/**
 * Paces Bot Connector calls: `take(conversationId, now)` is 0 when a call may go now (and counts it against both its
 * conversation and the tenant), else the milliseconds to wait, with nothing counted. Threads of one channel share the
 * channel's budget: the rate-limit page counts "a channel in a team" as one conversation, and thread mode puts many
 * incidents in one channel. A single-tenant bot serves one tenant, so the tenant windows cover every call.
 */
export function teamsConnectorPacer(
  o: { conversation?: readonly PaceWindow[]; tenant?: readonly PaceWindow[] } = {},
): TeamsConnectorPacer {
  const conversations = slidingWindowPacer(o.conversation ?? TEAMS_CONVERSATION_WINDOWS);
  const tenant = slidingWindowPacer(o.tenant ?? TEAMS_TENANT_WINDOWS);
  /** Until when Teams asked each conversation to wait; an entry in the past is removed when next seen. */
  const held = new Map<string, number>();
  return {
    hold(conversationId, untilMs) {
      const conversation = teamsConversationOf(conversationId);
      held.set(conversation, Math.max(untilMs, held.get(conversation) ?? 0));
    },
    take(conversationId, nowMs) {
      const conversation = teamsConversationOf(conversationId);
      const until = held.get(conversation);
      if (until !== undefined && until <= nowMs) held.delete(conversation);
      // Both must have room before either counts the call, or a refused call would use up a turn it never took.
      const wait = Math.max(
        conversations.peek(conversation, nowMs),
        tenant.peek('tenant', nowMs),
        until !== undefined ? until - nowMs : 0,
      );
      if (wait > 0) return wait;
      conversations.take(conversation, nowMs);
      tenant.take('tenant', nowMs);
      return 0;
    },
  };
}
