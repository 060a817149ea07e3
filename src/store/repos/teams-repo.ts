import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { teamsConversations } from '../schema/index.js';

export interface TeamsConversationRef {
  serviceUrl: string;
  conversationId: string;
}

/** The Teams adapter's own storage: conversation references (see schema/teams.ts), not incidents. */
export interface TeamsRepo {
  /** Records where `key` is reached; false when nothing changed (no write). */
  rememberConversation(key: string, ref: TeamsConversationRef, at: string): boolean;
  conversation(key: string): TeamsConversationRef | null;
}

export function teamsRepo(db: Db): TeamsRepo {
  return {
    rememberConversation(key, ref, at) {
      const result = db
        .insert(teamsConversations)
        .values({ key, ...ref, updatedAt: at })
        .onConflictDoUpdate({
          target: teamsConversations.key,
          set: { serviceUrl: ref.serviceUrl, conversationId: ref.conversationId, updatedAt: at },
          // Every activity re-teaches the same reference: only a change is a write.
          setWhere: sql`${teamsConversations.serviceUrl} <> excluded.service_url or ${teamsConversations.conversationId} <> excluded.conversation_id`,
        })
        .run();
      return result.changes === 1;
    },
    conversation: (key) =>
      db
        .select({ serviceUrl: teamsConversations.serviceUrl, conversationId: teamsConversations.conversationId })
        .from(teamsConversations)
        .where(eq(teamsConversations.key, key))
        .get() ?? null,
  };
}
