import { and, asc, desc, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../db.js';
import { sandboxChannels, sandboxMembers, sandboxMessages } from '../schema/index.js';

export type SandboxChannelRow = typeof sandboxChannels.$inferSelect;
export type SandboxMessageRow = typeof sandboxMessages.$inferSelect;

/** Storage of the sandbox chat (the local stand-in for Slack's servers), not of incidents. */
export interface SandboxRepo {
  channelByName(name: string): SandboxChannelRow | null;
  channelById(id: string): SandboxChannelRow | null;
  insertChannel(row: SandboxChannelRow): void;
  updateChannel(id: string, changes: Partial<Pick<SandboxChannelRow, 'topic' | 'purpose'>>): void;
  listChannels(): SandboxChannelRow[];
  addMember(channelId: string, userId: string): boolean;
  members(channelId: string): string[];
  insertMessage(row: Omit<SandboxMessageRow, 'id'>): SandboxMessageRow;
  messageById(id: number): SandboxMessageRow | null;
  updateMessage(id: number, changes: Pick<SandboxMessageRow, 'text' | 'blocks' | 'updatedAt'>): void;
  /** The newest `limit` messages a user can see (ephemerals only their own), oldest first. */
  visibleMessages(channelId: string, userId: string, limit: number): SandboxMessageRow[];
}

export function sandboxRepo(db: Db): SandboxRepo {
  return {
    channelByName: (name) => db.select().from(sandboxChannels).where(eq(sandboxChannels.name, name)).get() ?? null,
    channelById: (id) => db.select().from(sandboxChannels).where(eq(sandboxChannels.id, id)).get() ?? null,
    insertChannel(row) {
      db.insert(sandboxChannels).values(row).run();
    },
    updateChannel(id, changes) {
      db.update(sandboxChannels).set(changes).where(eq(sandboxChannels.id, id)).run();
    },
    listChannels: () =>
      db.select().from(sandboxChannels).orderBy(asc(sandboxChannels.createdAt), asc(sandboxChannels.name)).all(),
    addMember: (channelId, userId) =>
      db.insert(sandboxMembers).values({ channelId, userId }).onConflictDoNothing().run().changes === 1,
    members: (channelId) =>
      db
        .select({ userId: sandboxMembers.userId })
        .from(sandboxMembers)
        .where(eq(sandboxMembers.channelId, channelId))
        .all()
        .map((r) => r.userId),
    insertMessage: (row) => db.insert(sandboxMessages).values(row).returning().get(),
    messageById: (id) => db.select().from(sandboxMessages).where(eq(sandboxMessages.id, id)).get() ?? null,
    updateMessage(id, changes) {
      db.update(sandboxMessages).set(changes).where(eq(sandboxMessages.id, id)).run();
    },
    visibleMessages: (channelId, userId, limit) =>
      db
        .select()
        .from(sandboxMessages)
        .where(
          and(
            eq(sandboxMessages.channelId, channelId),
            or(isNull(sandboxMessages.ephemeralTo), eq(sandboxMessages.ephemeralTo, userId)),
          ),
        )
        .orderBy(desc(sandboxMessages.id))
        .limit(limit)
        .all()
        .reverse(),
  };
}
