import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

/**
 * Chat deliveries waiting to be sent. Written in the same transaction as the state change that caused them,
 * so a crash between commit and send loses nothing; `destination` is the queue key (one queue per war room).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    idempotencyKey: text('idempotency_key').notNull(),
    destination: text('destination').notNull(),
    incidentId: integer('incident_id'),
    intent: text('intent').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'superseded', 'dead', 'discarded'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
    /** Rows rendering the same current state share a key: a newer pending one supersedes an older one. */
    coalesceKey: text('coalesce_key'),
  },
  (t) => [
    uniqueIndex('outbox_idempotency_unique').on(t.idempotencyKey),
    index('outbox_pending_idx').on(t.status, t.destination, t.id),
    index('outbox_coalesce_idx').on(t.coalesceKey, t.id),
  ],
);
