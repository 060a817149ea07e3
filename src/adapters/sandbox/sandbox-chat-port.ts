import type { ChatPort } from '../../outbox/chat-port.js';
import { DeliveryError } from '../../outbox/delivery-error.js';
import { BOT_AUTHOR } from './demo-users.js';
import type { SandboxChat } from './sandbox-chat.js';
import { sandboxFmt } from './sandbox-fmt.js';
import { sandboxHeader } from './sandbox-header.js';

/** Deliveries into the sandbox chat. Failures here are bugs or a vanished channel: neither heals by waiting. */
export function sandboxChatPort(chat: SandboxChat): ChatPort {
  const guard = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw new DeliveryError(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'permanent');
    }
  };
  return {
    fmt: sandboxFmt,
    createChannel: async (name) => guard('create channel', () => chat.createChannel(name)),
    describeChannel: async (id, topic, purpose) => guard('set topic', () => chat.describe(id, topic, purpose)),
    invite: async (id, users) => {
      guard('invite', () => chat.invite(id, users));
    },
    postHeader: async (id, incident, view) => String(guard('post header', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxHeader(incident, view) }))),
    updateHeader: async (_id, messageId, incident, view) => guard('update header', () => chat.update(Number(messageId), sandboxHeader(incident, view))),
    postText: async (id, text) => String(guard('post', () => chat.post(id, { author: BOT_AUTHOR, text }))),
    postEphemeral: async (id, user, text) => {
      guard('post ephemeral', () => chat.post(id, { author: BOT_AUTHOR, text, ephemeralTo: user }));
    },
    resolveChannel: async (ref) =>
      guard('find channel', () => {
        const channel = chat.channelByName(ref.replace(/^#/, '')) ?? chat.channel(ref);
        if (!channel) throw new Error(`no channel named ${ref}`);
        return channel.id;
      }),
  };
}
