import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The names chat platforms showed us for the people who used warroom (a Slack handle, a sandbox demo user's name),
 * so documents such as the postmortem can say who, not only which id. Latest name wins; ids never change.
 */
export const people = sqliteTable('people', {
  userId: text('user_id').primaryKey(),
  name: text('name').notNull(),
  /**
   * The platform's second id for the person, where it has one: on Teams `user_id` is the Entra object id (stable,
   * what operators write in the catalog) and this is the bot-scoped `29:…` id a personal chat is opened with.
   */
  platformId: text('platform_id'),
  updatedAt: text('updated_at').notNull(),
});
