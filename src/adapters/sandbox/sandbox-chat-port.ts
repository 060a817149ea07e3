import type { ChatPort } from '../../core/chat-port.js';
import { DeliveryError } from '../../core/delivery-error.js';
import { BOT_AUTHOR } from './demo-users.js';
import type { SandboxChat } from './sandbox-chat.js';
import type { Fmt } from '../../core/fmt.js';
import { sandboxMessage } from './sandbox-message.js';
import { sandboxPostmortemFile } from './postmortem-blocks.js';

/** The sandbox keeps Slack's topic and purpose limit, so what fits here fits there. */
const DESCRIPTION_MAX = 250;

/** Deliveries into the sandbox chat. Failures here are bugs or a vanished channel: neither heals by waiting. */
export function sandboxChatPort(chat: SandboxChat, fmt: Fmt): ChatPort {
  const guard = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw new DeliveryError(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'permanent');
    }
  };
  return {
    fmt,
    openRoom: async (name, since) =>
      guard('create channel', () => {
        const created = chat.createChannel(name);
        if (created) return created;
        // Every sandbox channel is the bot's; the demo channels predate any incident.
        const taken = chat.channelByName(name);
        return taken && taken.createdAt >= since.toISOString() ? { id: taken.id, name: taken.name } : null;
      }),
    describeRoom: async (id, topic, purpose) =>
      guard('set topic', () => chat.describe(id, topic.slice(0, DESCRIPTION_MAX), purpose.slice(0, DESCRIPTION_MAX))),
    invite: async (id, users) => {
      guard('invite', () => chat.invite(id, users));
    },
    post: async (id, view) =>
      String(guard(`post ${view.kind}`, () => chat.post(id, { author: BOT_AUTHOR, ...sandboxMessage(view, fmt) }))),
    update: async (_id, messageId, view) =>
      guard(`update ${view.kind}`, () => {
        const { text, blocks = [] } = sandboxMessage(view, fmt);
        chat.update(Number(messageId), { text, blocks });
      }),
    page: async (id, _group, users, view) => {
      guard('page', () => {
        chat.invite(id, users);
        chat.post(id, { author: BOT_AUTHOR, text: `${users.map((u) => fmt.user(u)).join(' ')} ${view.text}`.trim() });
      });
    },
    postPrivate: async (id, user, view) => {
      guard('post ephemeral', () =>
        chat.post(id, { author: BOT_AUTHOR, ...sandboxMessage(view, fmt), ephemeralTo: user }),
      );
    },
    postDirect: async (user, view) => {
      guard('direct message', () => {
        const general = chat.channelByName('general');
        if (!general) throw new Error('no #general channel');
        chat.post(general.id, { author: BOT_AUTHOR, ...sandboxMessage(view, fmt), ephemeralTo: user });
      });
    },
    upload: async (id, file) =>
      String(guard('post file', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxPostmortemFile(file) }))),
    // A sandbox upload is one local write, committed or not: there is no lost answer to recover from.
    findOwnFile: async () => null,
    resolveChannel: async (ref) =>
      guard('find channel', () => {
        const channel = chat.channelByName(ref.replace(/^#/, '')) ?? chat.channel(ref);
        if (!channel) throw new Error(`no channel named ${ref}`);
        return channel.id;
      }),
  };
}
