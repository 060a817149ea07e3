import type { SandboxMessageRow, SandboxRepo } from '../../store/repos/sandbox-repo.js';
import { BOT_AUTHOR, DEMO_USER_IDS } from './demo-users.js';
import type { SandboxBlock } from './sandbox-blocks.js';

/** Channels every sandbox starts with; every demo user is in them. */
export const STARTER_CHANNELS = ['general', 'incidents'] as const;

export interface SandboxMessage {
  id: number;
  channelId: string;
  author: string;
  text: string;
  blocks: SandboxBlock[];
  ephemeral: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * The sandbox's chat server: channels, members, messages — what Slack's servers are to the Slack adapter.
 * Channel ids look like Slack's (`S…`) so nothing downstream can mistake a name for an id.
 */
export class SandboxChat {
  constructor(
    private readonly repo: SandboxRepo,
    private readonly now: () => Date,
  ) {}

  ensureStarterChannels(extra: string[] = []): void {
    for (const name of [...STARTER_CHANNELS, ...extra]) {
      const channel = this.repo.channelByName(name) ?? this.createChannel(name);
      if (channel) for (const user of DEMO_USER_IDS) this.repo.addMember(channel.id, user);
    }
  }

  /** Null when the name is taken, like Slack's `name_taken`. */
  createChannel(name: string): { id: string; name: string } | null {
    if (this.repo.channelByName(name)) return null;
    const id = `S${this.now().getTime().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
    this.repo.insertChannel({ id, name, topic: '', purpose: '', createdAt: this.now().toISOString() });
    return { id, name };
  }

  channel(id: string) {
    return this.repo.channelById(id);
  }

  channelByName(name: string) {
    return this.repo.channelByName(name);
  }

  channels(userId: string) {
    return this.repo.listChannels().map((c) => ({ ...c, member: this.repo.members(c.id).includes(userId) }));
  }

  describe(channelId: string, topic: string, purpose: string): void {
    this.requireChannel(channelId);
    this.repo.updateChannel(channelId, { topic, purpose });
  }

  /** Returns the users who were not members before. */
  invite(channelId: string, userIds: string[]): string[] {
    this.requireChannel(channelId);
    return userIds.filter((u) => this.repo.addMember(channelId, u));
  }

  isMember(channelId: string, userId: string): boolean {
    return this.repo.members(channelId).includes(userId);
  }

  post(
    channelId: string,
    message: { author: string; text: string; blocks?: SandboxBlock[]; ephemeralTo?: string },
  ): number {
    this.requireChannel(channelId);
    const at = this.now().toISOString();
    return this.repo.insertMessage({
      channelId,
      author: message.author,
      text: message.text,
      blocks: JSON.stringify(message.blocks ?? []),
      ephemeralTo: message.ephemeralTo ?? null,
      createdAt: at,
      updatedAt: at,
    }).id;
  }

  /** Only the bot's own messages can be edited, as in Slack. */
  update(messageId: number, message: { text: string; blocks: SandboxBlock[] }): void {
    const existing = this.repo.messageById(messageId);
    if (!existing || existing.author !== BOT_AUTHOR) throw new Error(`sandbox message ${messageId} not found`);
    this.repo.updateMessage(messageId, {
      text: message.text,
      blocks: JSON.stringify(message.blocks),
      updatedAt: this.now().toISOString(),
    });
  }

  message(messageId: number): SandboxMessage | null {
    const row = this.repo.messageById(messageId);
    return row ? toMessage(row) : null;
  }

  messages(channelId: string, userId: string, limit = 200): SandboxMessage[] {
    return this.repo.visibleMessages(channelId, userId, limit).map(toMessage);
  }

  private requireChannel(channelId: string): void {
    if (!this.repo.channelById(channelId)) throw new Error(`sandbox channel ${channelId} not found`);
  }
}

function toMessage(row: SandboxMessageRow): SandboxMessage {
  return {
    id: row.id,
    channelId: row.channelId,
    author: row.author,
    text: row.text,
    blocks: JSON.parse(row.blocks) as SandboxBlock[],
    ephemeral: row.ephemeralTo !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
