import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Where the Bot Connector reaches a Teams conversation (a conversation reference), re-learned from every
 * authenticated activity: `tenant` holds the service URL Teams last sent from, `personal:<entra id>` a person's
 * one-to-one chat with the bot. Storage of the Teams adapter, not of incidents.
 */
export const teamsConversations = sqliteTable('teams_conversations', {
  key: text('key').primaryKey(),
  serviceUrl: text('service_url').notNull(),
  conversationId: text('conversation_id').notNull(),
  updatedAt: text('updated_at').notNull(),
});
