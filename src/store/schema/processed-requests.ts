import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Keys of platform requests already handled (Slack event_id, trigger_id, action_ts): retries become no-ops. */
export const processedRequests = sqliteTable('processed_requests', {
  key: text('key').primaryKey(),
  processedAt: text('processed_at').notNull(),
});
