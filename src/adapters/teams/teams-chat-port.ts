import type { Logger } from 'pino';
import type { ChatPort, ChatRoom } from '../../core/chat-port.js';
import type { ChatView } from '../../core/chat-view.js';
import { DeliveryError } from '../../core/delivery-error.js';
import type { Fmt } from '../../core/fmt.js';
import type { Pacer } from '../../infra/outbox/pacer.js';
import { cardTargetOf } from '../../interactions/index.js';
import type { TeamsConversationRef } from '../../store/repos/teams-repo.js';
import type { CardRef } from './ids.js';
import { chatViewCard } from './presenters/chat-view-card.js';
import type { CardActivity } from './presenters/adaptive-card.js';
import type { TeamsPeople } from './resolve-teams-text.js';
import type { OutgoingActivity, TeamsConnector } from './teams-connector.js';
import type { TeamsGraphChannels, WarRoomOpening } from './teams-graph-channels.js';
import { teamsConversationOf } from './teams-connector-pacer.js';
import { teamsTextMessage } from './teams-text-message.js';

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
  pacer: Pacer;
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
    return call();
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
  ): Promise<{ conversationId: string; activityId: string }> {
    const answer = await paced(channelId, () =>
      d.connector.createConversation(serviceUrl(), {
        isGroup: true,
        channelData: { channel: { id: channelId }, tenant: { id: d.tenantId } },
        activity,
      }),
    );
    const activityId = answer.activityId ?? THREAD_ID.exec(answer.id)?.[2] ?? null;
    if (!activityId) throw new DeliveryError('POST /v3/conversations: no activity id in the answer', 'retry');
    return { conversationId: answer.id, activityId };
  }

  async function post(roomId: string, activity: OutgoingActivity): Promise<string> {
    if (CHANNEL_ID.test(roomId)) return (await postRoot(roomId, activity)).activityId;
    return paced(roomId, () => d.connector.send(serviceUrl(), roomId, activity));
  }

  /** The thread a fallback war room lives in, opened with a root post that says why it is a thread. */
  async function openThread(name: string, about: string, why: string): Promise<ChatRoom> {
    const text = `${d.fmt.icon('rotating_light')} ${d.fmt.bold(about)}\n${why} This thread is the war room: reply here, and mention ${d.fmt.command('')} for commands.`;
    const root = await postRoot(d.fallbackChannelId, teamsTextMessage(text, { fmt: d.fmt, people: d.people }));
    return { id: root.conversationId, name };
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
      if (room.drill) return openThread(name, room.about, 'A drill runs in a thread, never a channel of its own.');
      if (!d.graph)
        return openThread(
          name,
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
      return openThread(name, room.about, fallbackWhy(opening));
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
    async page(roomId, _group, userIds, view) {
      await introduce(roomId, userIds);
      const mentions = userIds.map((u) => d.fmt.user(u)).join(' ');
      await post(
        roomId,
        teamsTextMessage(mentions ? `${mentions} ${view.text}` : view.text, { fmt: d.fmt, people: d.people }),
      );
      // A mention in a busy channel is easy to miss: each paged person also hears it in their chat with the bot.
      for (const userId of userIds) {
        const chat = await personalChat(userId);
        await paced(chat, () =>
          d.connector.send(serviceUrl(), chat, teamsTextMessage(view.text, { fmt: d.fmt, people: d.people })),
        );
      }
    },
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
