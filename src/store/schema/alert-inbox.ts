import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/**
 * Raw webhooks, committed before the sender gets its 202 (the database runs synchronous=FULL, so this survives a
 * power loss). A processor turns pending rows into alerts; a crash between the two leaves the row pending.
 */
export const alertInbox = sqliteTable(
  'alert_inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source').notNull(),
    receivedAt: text('received_at').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'processed', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    processedAt: text('processed_at'),
    error: text('error'),
    /** Set for replayed telemetry of a drill; its alerts open [DRILL] war rooms and never touch real incidents. */
    drillTag: text('drill_tag'),
  },
  (t) => [index('alert_inbox_status_idx').on(t.status, t.id)],
);
