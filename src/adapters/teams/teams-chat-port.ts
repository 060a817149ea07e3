import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChatPort, ChatRoom } from '../../core/chat-port.js';
import type { ChatView, TextView } from '../../core/chat-view.js';
import { DeliveryError } from '../../core/delivery-error.js';
import type { Fmt } from '../../core/fmt.js';
import { cardTargetOf } from '../../interactions/index.js';
import type { TeamsConversationRef } from '../../store/repos/teams-repo.js';
import type { CardRef } from './ids.js';
import { chatViewCard } from './presenters/chat-view-card.js';
import type { CardActivity } from './presenters/adaptive-card.js';
import type { TeamsPeople } from './resolve-teams-text.js';
import type { OutgoingActivity, TeamsConnector } from './teams-connector.js';
import { TeamsHttpError } from './teams-http-error.js';
import type { TeamsConnectorPacer } from './teams-connector-pacer.js';
import type { TeamsGraphChannels, WarRoomOpening } from './teams-graph-channels.js';
import { teamsConversationOf } from './teams-connector-pacer.js';
import { teamsTextMessage } from './teams-text-message.js';

/** What a fallback thread's memory holds while its root post is on its way. */
const OPENING = 'opening';

/** A Teams channel's conversation id (a war-room channel, the fallback channel); a thread adds `;messageid=<root>`. */
const CHANNEL_ID = /^19:[^;]+@thread\.(tacv2|skype)$/;
const THREAD_ID = /^(19:[^;]+@thread\.(?:tacv2|skype));messageid=(\d+)$/;

/** What the Teams port keeps between deliveries (the Teams repo, through app.ts: adapters never query the store). */
export interface TeamsPortMemory {
  conversation(key: string): TeamsConversationRef | null;
  rememberConversation(key: string, ref: TeamsConversationRef): void;
}

export interface TeamsChatPortDeps {
  fmt: Fmt;
  connector: TeamsConnector;
  /** Null without TEAMS_INCIDENT_TEAM_ID: every war room is a thread in the fallback channel. */
  graph: TeamsGraphChannels | null;
  tenantId: string;
  fallbackChannelId: string;
  /** The service URL before any activity taught us ours (TEAMS_SERVICE_URL). */
  defaultServiceUrl: string;
  memory: TeamsPortMemory;
  people: TeamsPeople;
  /** The `29:` id a personal chat is opened with, when a request has shown it. */
  teamsIdOf(userId: string): string | null;
  /** Adds someone Teams described (a member lookup) to the people directory: their name and `29:` id. */
  rememberPerson(person: { userId: string; name: string; teamsId: string }): void;
  /** Whose copy of a card refreshes itself, drawn for them (Teams ids): the shared layer's cardViewers. */
  refreshUsers(target: CardRef): string[];
  pacer: TeamsConnectorPacer;
  now: () => number;
  logger: Logger;
}

/**
 * ChatPort over the Bot Connector (posts, edits, personal chats) and Graph (war-room channels). A war room is a standard
 * channel of the incidents team, or — when Graph refuses, there is no incidents team, or it is a drill — a thread in the
 * fallback channel, which the thread's first post says. Every connector call is paced per conversation and tenant
 * (teamsConnectorPacer): a call that would exceed Teams' limits waits its turn in the outbox (DeliveryError 'wait').
 */
export function teamsChatPort(d: TeamsChatPortDeps): ChatPort {
  const serviceUrl = () => d.memory.conversation('tenant')?.serviceUrl ?? d.defaultServiceUrl;
  const paced = async <T>(conversationId: string, call: () => Promise<T>): Promise<T> => {
    const wait = d.pacer.take(conversationId, d.now());
    if (wait > 0) throw new DeliveryError(`Teams pacing for ${conversationId}`, 'wait', wait);
    try {
      return await call();
    } catch (error) {
      // Throttled: the whole conversation waits what Teams asked, not only the queue that met the 429.
      if (error instanceof DeliveryError && error.disposition === 'retry' && error.retryAfterMs !== undefined)
        d.pacer.hold(conversationId, d.now() + error.retryAfterMs);
      throw error;
    }
  };
  const cardFor = (view: ChatView): CardActivity => {
    const target = cardTargetOf(view);
    return chatViewCard(view, { fmt: d.fmt, people: d.people, refreshUserIds: target ? d.refreshUsers(target) : [] });
  };
  const activityFor = (view: ChatView): OutgoingActivity =>
    // Plain text goes as a message (it reads as a message, and mentions notify); everything with buttons as a card.
    view.kind === 'text'
      ? teamsTextMessage(view.text, { fmt: d.fmt, people: d.people })
      : (cardFor(view) as OutgoingActivity);

  /** A new root post in a channel: Teams makes it a new conversation (a thread), whose root is the post. */
  async function postRoot(
    channelId: string,
    activity: OutgoingActivity,
    o: { sending?: () => void; refused?: () => void } = {},
  ): Promise<{ conversationId: string; activityId: string }> {
    const answer = await paced(channelId, async () => {
      o.sending?.();
      try {
        return await d.connector.createConversation(serviceUrl(), {
          isGroup: true,
          channelData: { channel: { id: channelId }, tenant: { id: d.tenantId } },
          activity,
        });
      } catch (error) {
        if (error instanceof TeamsHttpError) o.refused?.();
        throw error;
      }
    });
    const activityId = answer.activityId ?? THREAD_ID.exec(answer.id)?.[2] ?? null;
    if (!activityId) throw new DeliveryError('POST /v3/conversations: no activity id in the answer', 'retry');
    return { conversationId: answer.id, activityId };
  }

  async function post(roomId: string, activity: OutgoingActivity): Promise<string> {
    if (CHANNEL_ID.test(roomId)) return (await postRoot(roomId, activity)).activityId;
    return paced(roomId, () => d.connector.send(serviceUrl(), roomId, activity));
  }

  /**
   * The thread a fallback war room lives in, opened with a root post that says why it is a thread. Teams takes no
   * idempotency key for a new thread, and finding the bot's own root again would need ChannelMessage.Read.Group (every
   * message of the team). So the thread is remembered under a key made of the channel, the room's name and the
   * incident's declaration time the moment Teams answers, before the core records the war room: a retry after a crash
   * there, or after the record failed, adopts the thread instead of opening a second one. An attempt whose answer never
   * came (a timeout after Teams made the thread) cannot be found: the new root says an earlier, empty one may be above.
   */
  async function openThread(name: string, since: Date, about: string, why: string): Promise<ChatRoom> {
    const key = `thread:${d.fallbackChannelId}:${name}:${since.toISOString()}`;
    const remember = (conversationId: string) =>
      d.memory.rememberConversation(key, { serviceUrl: serviceUrl(), conversationId });
    const known = d.memory.conversation(key)?.conversationId;
    if (known && known !== OPENING) return { id: known, name };
    const again =
      known === OPENING
        ? ' An earlier attempt to open it got no answer from Teams: an empty thread for it above this one can be ignored.'
        : '';
    const text = `${d.fmt.icon('rotating_light')} ${d.fmt.bold(about)}\n${why} This thread is the war room: reply here, and mention ${d.fmt.command('')} for commands.${again}`;
    const root = await postRoot(d.fallbackChannelId, teamsTextMessage(text, { fmt: d.fmt, people: d.people }), {
      sending: () => remember(OPENING),
      // Teams answered with a refusal: no thread was made, so the next attempt has nothing to apologise for.
      refused: () => remember(''),
    });
    remember(root.conversationId);
    return { id: root.conversationId, name };
  }

  /**
   * One page is several sends — the room, then each paged person's chat — and a retry (a 429 on the third) must not
   * repeat those that went. What went is journaled in the port's memory under the page's room, people and text until
   * the page is done; a later page with the same words starts afresh. A person's chat refused for good (they do not
   * have the app) is logged and skipped: the room post @mentions them, which is the page.
   */
  async function page(roomId: string, userIds: string[], view: TextView): Promise<void> {
    const digest = createHash('sha256')
      .update(JSON.stringify([roomId, userIds, view.text]))
      .digest('hex')
      .slice(0, 32);
    const parts = ['room', ...userIds];
    const keyOf = (part: string) => `page:${digest}:${part}`;
    const done = (part: string) => Boolean(d.memory.conversation(keyOf(part))?.conversationId);
    const mark = (part: string, id: string) =>
      d.memory.rememberConversation(keyOf(part), { serviceUrl: serviceUrl(), conversationId: id });
    // People never seen by the bot are looked up first, so the page names them rather than showing an id.
    await introduce(roomId, userIds);
    if (!done('room')) {
      const mentions = userIds.map((u) => d.fmt.user(u)).join(' ');
      const text = mentions ? `${mentions} ${view.text}` : view.text;
      mark('room', await post(roomId, teamsTextMessage(text, { fmt: d.fmt, people: d.people })));
    }
    // A mention in a busy channel is easy to miss: each paged person also hears it in their chat with the bot.
    for (const userId of userIds) {
      if (done(userId)) continue;
      try {
        const chat = await personalChat(userId);
        mark(
          userId,
          await paced(chat, () =>
            d.connector.send(serviceUrl(), chat, teamsTextMessage(view.text, { fmt: d.fmt, people: d.people })),
          ),
        );
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.disposition !== 'permanent') throw error;
        d.logger.warn(
          { userId, err: error.message, code: error.refusal?.code },
          'paged person not reached in their Teams chat (the room post mentions them)',
        );
        mark(userId, 'refused');
      }
    }
    for (const part of parts) mark(part, '');
  }

  async function personalChat(userId: string): Promise<string> {
    const key = `personal:${userId}`;
    const known = d.memory.conversation(key);
    if (known) return known.conversationId;
    // Teams opens (or finds) the one-to-one chat; it works for a person who has the app, by 29: id or Entra id.
    const answer = await paced(`tenant:${d.tenantId}`, () =>
      d.connector.createConversation(serviceUrl(), {
        isGroup: false,
        bot: { id: 'warroom' },
        members: [{ id: d.teamsIdOf(userId) ?? userId }],
        tenantId: d.tenantId,
        channelData: { tenant: { id: d.tenantId } },
      }),
    );
    d.memory.rememberConversation(key, { serviceUrl: serviceUrl(), conversationId: answer.id });
    return answer.id;
  }

  /**
   * Someone paged from the catalog (an Entra object id) may never have written to the bot, so the directory has
   * neither their name nor their `29:` id, and a mention would show the GUID. Teams knows them: the channel's member
   * lookup gives both. Someone it does not find, or a failed lookup, is paged all the same, by id.
   */
  async function introduce(roomId: string, userIds: readonly string[]): Promise<void> {
    const channel = teamsConversationOf(roomId);
    for (const userId of userIds) {
      if (d.teamsIdOf(userId)) continue;
      try {
        const member = await paced(channel, () => d.connector.member(serviceUrl(), channel, userId));
        if (member) d.rememberPerson({ userId, name: member.name, teamsId: member.id });
      } catch (error) {
        // Over the pace: the whole page waits its turn (nothing was posted yet). Anything else: page without the name.
        if (error instanceof DeliveryError && error.disposition === 'wait') throw error;
        d.logger.warn({ err: error, userId }, 'Teams member lookup failed; paging by Entra id');
      }
    }
  }

  const fallbackWhy = (opening: Extract<WarRoomOpening, { kind: 'fallback' }>) =>
    `Teams would not create a channel for this war room (${opening.detail}).`;

  return {
    fmt: d.fmt,
    async openRoom(name, since, room) {
      if (room.drill)
        return openThread(name, since, room.about, 'A drill runs in a thread, never a channel of its own.');
      if (!d.graph)
        return openThread(
          name,
          since,
          room.about,
          'No incidents team is configured (TEAMS_INCIDENT_TEAM_ID), so war rooms are threads.',
        );
      const opening = await d.graph.openRoom(name, room.about);
      if (opening.kind === 'channel') return { id: opening.id, name: opening.name };
      if (opening.kind === 'name-taken') return d.graph.findOwnRoom(opening.name, since);
      d.logger.warn(
        { room: name, reason: opening.reason, detail: opening.detail },
        'Teams war room opened as a thread in the fallback channel',
      );
      return openThread(name, since, room.about, fallbackWhy(opening));
    },
    // A channel's description is set when Graph creates it, and a thread has none: the header card carries the rest.
    describeRoom: async () => undefined,
    // A standard channel holds the whole team and a thread its channel's members: there is no one to add. The timeline
    // post that names a new responder @mentions them, which is Teams' way to call someone in.
    invite: async () => undefined,
    post: (roomId, view) => post(roomId, activityFor(view)),
    async update(roomId, messageId, view) {
      const conversation = CHANNEL_ID.test(roomId) ? `${roomId};messageid=${messageId}` : roomId;
      await paced(conversation, () => d.connector.update(serviceUrl(), conversation, messageId, activityFor(view)));
    },
    page: (roomId, _group, userIds, view) => page(roomId, userIds, view),
    // Teams has no generally available ephemeral messages: what is for one person goes to their chat with the bot.
    async postPrivate(_roomId, userId, view) {
      const chat = await personalChat(userId);
      await paced(chat, () => d.connector.send(serviceUrl(), chat, activityFor(view)));
    },
    async postDirect(userId, view) {
      const chat = await personalChat(userId);
      await paced(chat, () => d.connector.send(serviceUrl(), chat, activityFor(view)));
    },
    async upload(roomId, file) {
      // A bot cannot put a file in a channel without Graph file permissions: the Markdown is posted as the message
      // itself (trimmed past Teams' 28 KB with a note; the full text stays in `warroom postmortem export`).
      const id = await post(
        roomId,
        teamsTextMessage(`${file.comment}\n\n${d.fmt.bold(d.fmt.text(file.title))}\n\n${d.fmt.text(file.content)}`, {
          fmt: d.fmt,
          people: d.people,
        }),
      );
      d.memory.rememberConversation(`upload:${roomId}:${file.filename}`, {
        serviceUrl: serviceUrl(),
        conversationId: id,
      });
      return id;
    },
    findOwnFile: async (roomId, filename) =>
      d.memory.conversation(`upload:${roomId}:${filename}`)?.conversationId ?? null,
    async resolveChannel(ref) {
      if (CHANNEL_ID.test(ref)) return ref;
      throw new DeliveryError(
        `"${ref}" is not a Teams channel id (19:…@thread.tacv2, from the channel's "Get link to channel")`,
        'permanent',
      );
    },
  };
}
