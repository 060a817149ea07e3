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
    /** The alerts' identities (`source\u0000fingerprint`, JSON array), known at acceptance: ordering needs no parse. */
    identities: text('identities'),
    /** Same identities, statuses and severities: a later copy of a still pending webhook only counts up `repeats`. */
    collapseKey: text('collapse_key'),
    /** Copies of this webhook that arrived while it was pending (collapsed on arrival), the last at lastReceivedAt. */
    repeats: integer('repeats').notNull().default(0),
    lastReceivedAt: text('last_received_at'),
    /** Carries a firing critical or high alert: a P1/P2 candidate, processed before the queue of others. */
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('alert_inbox_status_idx').on(t.status, t.id),
    index('alert_inbox_urgent_idx').on(t.status, t.urgent, t.id),
  ],
);
