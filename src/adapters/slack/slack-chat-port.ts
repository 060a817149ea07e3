import { ErrorCode, WebClient } from '@slack/web-api';
import type { ChatPort, ChatRoom } from '../../core/chat-port.js';
import { DeliveryError } from '../../core/delivery-error.js';
import { tokenBucketPacer } from '../../infra/outbox/pacer.js';
import { slackMessage, type SlackMessage } from './presenters/slack-message.js';
import { slackFmt } from './slack-fmt.js';
import { findChannelByName, SLACK_CHANNEL_ID } from './find-channel-by-name.js';

/** Slack errors that will not change on retry: send again and you get the same answer. */
const PERMANENT = new Set([
  'invalid_blocks',
  'invalid_arguments',
  'msg_too_long',
  'no_text',
  'channel_not_found',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'too_long',
  'user_not_found',
  'invalid_name_specials',
  'invalid_name_maxlength',
  'invalid_name_required',
  'invalid_name_punctuation',
  'restricted_action',
  // conversations.join into a private channel the bot was removed from: only an invitation changes that.
  'method_not_supported_for_channel_type',
]);

interface SlackErrorShape {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  message?: string;
}

/** Slack's error field, when Slack answered with ok:false. */
export function slackErrorOf(error: unknown): string | null {
  const e = error as SlackErrorShape;
  return e?.code === ErrorCode.PlatformError ? (e.data?.error ?? null) : null;
}

/** Maps a Web API failure to retry-or-not. Rate limits carry Slack's Retry-After. */
export function toDeliveryError(method: string, error: unknown): DeliveryError {
  const e = error as SlackErrorShape;
  if (e?.code === ErrorCode.RateLimitedError) {
    return new DeliveryError(`${method}: rate limited by Slack`, 'retry', (e.retryAfter ?? 1) * 1000);
  }
  const slackError = slackErrorOf(error);
  if (slackError) {
    return new DeliveryError(`${method}: ${slackError}`, PERMANENT.has(slackError) ? 'permanent' : 'retry', undefined, {
      method,
      code: slackError,
    });
  }
  // HTTP 5xx, timeouts, refused connections: Slack is down or unreachable; keep trying.
  return new DeliveryError(`${method}: ${e?.message ?? String(error)}`, 'retry');
}

export function slackWebClient(token: string, apiUrl: string): WebClient {
  // The outbox owns retries (persisted, per queue); the client must fail fast and report 429s to it.
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
}

/**
 * Slack's per-method tiers, workspace-wide (api.slack.com/docs/rate-limits): Tier 2 ≈ 20/min, Tier 3 ≈ 50/min.
 * chat.postMessage is paced per channel by the dispatcher instead. Bursts stay modest so a busy minute still has room.
 */
const METHOD_TIERS: Record<string, { perMinute: number; burst: number }> = {
  'conversations.create': { perMinute: 20, burst: 5 },
  'conversations.setTopic': { perMinute: 20, burst: 5 },
  'conversations.setPurpose': { perMinute: 20, burst: 5 },
  'conversations.invite': { perMinute: 50, burst: 10 },
  'conversations.join': { perMinute: 50, burst: 10 },
  'chat.update': { perMinute: 50, burst: 10 },
  'usergroups.users.list': { perMinute: 20, burst: 5 },
  'conversations.list': { perMinute: 20, burst: 5 },
  'files.list': { perMinute: 50, burst: 10 },
};
/** How long a channel name that was not found is not looked up again. */
const NAME_MISS_TTL_MS = 10_000;
/** Slack's `created` is whole seconds and clocks differ a little: what counts as "at or after" the incident. */
const CLOCK_SKEW_MS = 60_000;
/** conversations.setTopic and setPurpose refuse more than this many characters (too_long). */
const DESCRIPTION_MAX = 250;

/** Cuts escaped text to `max` without leaving half an entity (`&am`) at the end. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max).replace(/&[a-z]*$/, '');
}

/**
 * `channelIds`: configured channel refs already resolved (the start-up check); names not in it are looked up once
 * when first used, so a channel created after start works without a restart.
 */
export function slackChatPort(
  client: WebClient,
  now: () => number = Date.now,
  channelIds: Map<string, string> = new Map(),
): ChatPort {
  const misses = new Map<string, number>();
  const pacers = new Map(
    Object.entries(METHOD_TIERS).map(([method, t]) => [
      method,
      tokenBucketPacer({ perSecond: t.perMinute / 60, burst: t.burst }),
    ]),
  );
  /** Waits our turn for a tiered method: the dispatcher retries this row after exactly that long. */
  function pace(method: string): void {
    const wait = pacers.get(method)?.take('workspace', now()) ?? 0;
    if (wait > 0) throw new DeliveryError(`${method}: pacing to Slack's rate tier`, 'wait', wait);
  }

  async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    pace(method);
    try {
      return await fn();
    } catch (error) {
      throw toDeliveryError(method, error);
    }
  }

  async function postMessage(channel: string, message: SlackMessage): Promise<string> {
    const send = () =>
      client.chat.postMessage({ channel, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    try {
      const result = await send();
      return result.ts ?? '';
    } catch (error) {
      // The bot may not be in the announcements channel yet: join it (public channels) and send once more.
      if (slackErrorOf(error) !== 'not_in_channel') throw toDeliveryError('chat.postMessage', error);
      await call('conversations.join', () => client.conversations.join({ channel }));
      const result = await call('chat.postMessage', send);
      return result.ts ?? '';
    }
  }

  /** Who we are (auth.test), asked once per port: it only changes with the token. A failure is asked again next time. */
  let self: Promise<string> | null = null;
  function botUserId(): Promise<string> {
    self ??= call('auth.test', () => client.auth.test()).then((auth) => {
      if (!auth.user_id) throw new DeliveryError('auth.test: no user id in the answer', 'retry');
      return auth.user_id;
    });
    self.catch(() => (self = null));
    return self;
  }

  /** A channel named `name` this bot created at or after `since`, or null (someone else's, or older). */
  async function findOwnChannel(name: string, since: Date): Promise<ChatRoom | null> {
    const self = await botUserId();
    let cursor: string | undefined;
    do {
      const page = await call('conversations.list', () =>
        client.conversations.list({ types: 'public_channel', exclude_archived: true, limit: 1000, cursor }),
      );
      const found = page.channels?.find((c) => c.name === name);
      if (found?.id) {
        const ours = found.creator === self && (found.created ?? 0) * 1000 >= since.getTime() - CLOCK_SKEW_MS;
        return ours ? { id: found.id, name } : null;
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
  }

  async function invite(channel: string, userIds: string[]): Promise<void> {
    pace('conversations.invite');
    try {
      await client.conversations.invite({ channel, users: userIds.join(',') });
    } catch (error) {
      const code = slackErrorOf(error);
      if (code === 'already_in_channel' || code === 'cant_invite_self') return;
      throw toDeliveryError('conversations.invite', error);
    }
  }

  return {
    fmt: slackFmt,
    async openRoom(name, since) {
      pace('conversations.create');
      try {
        const result = await client.conversations.create({ name, is_private: false });
        const channel = result.channel;
        if (!channel?.id) throw new DeliveryError('conversations.create: no channel in the answer', 'retry');
        return { id: channel.id, name: channel.name ?? name };
      } catch (error) {
        if (error instanceof DeliveryError) throw error;
        // Slack has no idempotency key for conversations.create: a taken name may be our own lost creation.
        if (slackErrorOf(error) === 'name_taken') return findOwnChannel(name, since);
        throw toDeliveryError('conversations.create', error);
      }
    },
    async describeRoom(channel, topic, purpose) {
      await call('conversations.setTopic', () =>
        client.conversations.setTopic({ channel, topic: clip(topic, DESCRIPTION_MAX) }),
      );
      await call('conversations.setPurpose', () =>
        client.conversations.setPurpose({ channel, purpose: clip(purpose, DESCRIPTION_MAX) }),
      );
    },
    invite,
    post: (channel, view) => postMessage(channel, slackMessage(view)),
    async update(channel, ts, view) {
      // A plain text has no blocks: an empty list clears any the message had.
      const { text, blocks = [] } = slackMessage(view);
      await call('chat.update', () => client.chat.update({ channel, ts, text, blocks }));
    },
    async page(channel, group, userIds, view) {
      let members: string[] = [];
      if (group) {
        // Invite the group's members (a group id cannot be invited itself); the mention notifies them either way.
        const list = await call('usergroups.users.list', () => client.usergroups.users.list({ usergroup: group }));
        members = list.users ?? [];
      }
      const everyone = [...new Set([...members, ...userIds])];
      if (everyone.length > 0) await invite(channel, everyone);
      const mentions = [...(group ? [`<!subteam^${group}>`] : []), ...userIds.map((u) => slackFmt.user(u))];
      await postMessage(channel, { text: [...mentions, view.text].join(' ') });
    },
    async postPrivate(channel, user, view) {
      const { text, blocks } = slackMessage(view);
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({ channel, user, text, ...(blocks ? { blocks } : {}) }),
      );
    },
    // chat.postMessage to a user id opens (or reuses) the bot's DM with them.
    postDirect: async (userId, view) => void (await postMessage(userId, slackMessage(view))),
    async upload(channel, file) {
      // files.uploadV2: files.getUploadURLExternal, the upload itself, then files.completeUploadExternal shares it.
      // A retry after a failed last step uploads again; Slack discards uploads that were never completed.
      try {
        const result = await client.filesUploadV2({
          channel_id: channel,
          content: file.content,
          filename: file.filename,
          title: file.title,
          initial_comment: file.comment,
        });
        const completed = (result as { files?: Array<{ files?: Array<{ id?: string }> }> }).files;
        return completed?.[0]?.files?.[0]?.id ?? '';
      } catch (error) {
        throw toDeliveryError('files.uploadV2', error);
      }
    },
    async findOwnFile(channel, filename, since) {
      const self = await botUserId();
      const from = Math.floor((since.getTime() - CLOCK_SKEW_MS) / 1000);
      const page = await call('files.list', () =>
        client.files.list({ channel, user: self, ts_from: String(from), count: 100 }),
      );
      return page.files?.find((f) => f.name === filename)?.id ?? null;
    },
    async resolveChannel(ref) {
      const bare = ref.replace(/^#/, '');
      if (SLACK_CHANNEL_ID.test(bare)) return bare;
      const known = channelIds.get(ref) ?? channelIds.get(bare);
      if (known) return known;
      // A missing channel is asked about at most every 10 seconds: a storm of triage alerts must not spend the
      // Tier 2 conversations.list budget on the same miss.
      if ((misses.get(bare) ?? -Infinity) > now() - NAME_MISS_TTL_MS) return bare;
      const found = await call('conversations.list', () => findChannelByName(client, bare));
      if (found && !found.isArchived) {
        channelIds.set(ref, found.id);
        return found.id;
      }
      misses.set(bare, now());
      // Not found: post to the name anyway, Slack answers channel_not_found and the dead letter says what to fix.
      return bare;
    },
  };
}
