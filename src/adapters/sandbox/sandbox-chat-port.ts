import type { ChatPort } from '../../infra/outbox/chat-port.js';
import { DeliveryError } from '../../infra/outbox/delivery-error.js';
import { BOT_AUTHOR } from './demo-users.js';
import type { SandboxChat } from './sandbox-chat.js';
import type { Fmt } from '../../core/fmt.js';
import { SANDBOX_ACTION, sandboxHeader, sandboxTriage } from './sandbox-header.js';
import { sandboxApproval, sandboxStage } from './sandbox-stage.js';
import { sandboxStorm } from './sandbox-storm.js';
import { sandboxPostmortemFile, sandboxPostmortemPrompt } from './postmortem-blocks.js';

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
    // A sandbox upload is one local write, committed or not: there is no lost answer to recover from.
    findOwnFile: async () => null,
    createChannel: async (name) => guard('create channel', () => chat.createChannel(name)),
    // Every sandbox channel is the bot's; the demo channels predate any incident.
    findOwnChannel: async (name, since) => {
      const channel = chat.channelByName(name);
      return channel && channel.createdAt >= since.toISOString() ? { id: channel.id, name: channel.name } : null;
    },
    describeChannel: async (id, topic, purpose) => guard('set topic', () => chat.describe(id, topic, purpose)),
    invite: async (id, users) => {
      guard('invite', () => chat.invite(id, users));
    },
    postHeader: async (id, incident, view) => String(guard('post header', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxHeader(incident, view, fmt) }))),
    updateHeader: async (_id, messageId, incident, view) => guard('update header', () => chat.update(Number(messageId), sandboxHeader(incident, view, fmt))),
    postText: async (id, text) => String(guard('post', () => chat.post(id, { author: BOT_AUTHOR, text }))),
    postDirect: async (user, text) => {
      guard('direct message', () => {
        const general = chat.channelByName('general');
        if (!general) throw new Error('no #general channel');
        chat.post(general.id, { author: BOT_AUTHOR, text, ephemeralTo: user });
      });
    },
    postEphemeral: async (id, user, text) => {
      guard('post ephemeral', () => chat.post(id, { author: BOT_AUTHOR, text, ephemeralTo: user }));
    },
    updateText: async (_id, messageId, text) => guard('update', () => chat.update(Number(messageId), { text, blocks: [] })),
    postResolvePrompt: async (id, incident, text) => {
      guard('post prompt', () =>
        chat.post(id, { author: BOT_AUTHOR, text, blocks: [{ type: 'text', text }, { type: 'actions', buttons: [{ actionId: SANDBOX_ACTION.resolve.id, label: 'Resolve', value: String(incident.id), style: 'primary' }] }] }),
      );
    },
    page: async (id, _group, users, text) => {
      guard('page', () => {
        chat.invite(id, users);
        chat.post(id, { author: BOT_AUTHOR, text: `${users.map((u) => fmt.user(u)).join(' ')} ${text}`.trim() });
      });
    },
    postTriage: async (id, view) => String(guard('post triage', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxTriage(view) }))),
    updateTriage: async (_id, messageId, view) => guard('update triage', () => chat.update(Number(messageId), sandboxTriage(view))),
    postStorm: async (id, view) => String(guard('post storm', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxStorm(view) }))),
    updateStorm: async (_id, messageId, view) => guard('update storm', () => chat.update(Number(messageId), sandboxStorm(view))),
    postStage: async (id, view) => String(guard('post stage', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxStage(view) }))),
    updateStage: async (_id, messageId, view) => guard('update stage', () => chat.update(Number(messageId), sandboxStage(view))),
    postApproval: async (id, view) => String(guard('post approval', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxApproval(view) }))),
    updateApproval: async (_id, messageId, view) => guard('update approval', () => chat.update(Number(messageId), sandboxApproval(view))),
    postPostmortemPrompt: async (id, incident, text) => {
      guard('post postmortem prompt', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxPostmortemPrompt(incident.id, text) }));
    },
    postFile: async (id, file) => String(guard('post file', () => chat.post(id, { author: BOT_AUTHOR, ...sandboxPostmortemFile(file) }))),
    resolveChannel: async (ref) =>
      guard('find channel', () => {
        const channel = chat.channelByName(ref.replace(/^#/, '')) ?? chat.channel(ref);
        if (!channel) throw new Error(`no channel named ${ref}`);
        return channel.id;
      }),
  };
}
