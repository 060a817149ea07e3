import { sqliteTable, integer, text, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The local sandbox chat: a tiny workspace in SQLite so the built-in web chat survives restarts. */
export const sandboxChannels = sqliteTable(
  'sandbox_channels',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    topic: text('topic').notNull().default(''),
    purpose: text('purpose').notNull().default(''),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('sandbox_channels_name_unique').on(t.name)],
);

export const sandboxMembers = sqliteTable(
  'sandbox_members',
  {
    channelId: text('channel_id')
      .notNull()
      .references(() => sandboxChannels.id),
    userId: text('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] })],
);

export const sandboxMessages = sqliteTable('sandbox_messages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  channelId: text('channel_id')
    .notNull()
    .references(() => sandboxChannels.id),
  /** A demo user id, or 'warroom' for the bot. */
  author: text('author').notNull(),
  text: text('text').notNull(),
  /** JSON array of sandbox blocks (see src/adapters/sandbox/sandbox-blocks.ts). */
  blocks: text('blocks').notNull().default('[]'),
  /** Set for replies only one user can see, like Slack's ephemeral messages. */
  ephemeralTo: text('ephemeral_to'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});
