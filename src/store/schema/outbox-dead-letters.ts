import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/**
 * Every time a chat delivery was refused for good, one row, never deleted: `warroom_outbox_dead_total` counts these,
 * so the counter survives restarts and never goes down when an operator re-drives or discards the delivery.
 */
export const outboxDeadLetters = sqliteTable(
  'outbox_dead_letters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: integer('outbox_id').notNull(),
    /** The platform method that refused (chat.postMessage), or the intent type when no platform call was made. */
    method: text('method').notNull(),
    /** The platform's error code (channel_not_found), or `refused` for our own permanent refusals. */
    error: text('error').notNull(),
    deadAt: text('dead_at').notNull(),
    /** What an operator did about it: re-queued it (`warroom outbox retry`) or gave it up (`warroom outbox discard`). */
    resolution: text('resolution', { enum: ['retried', 'discarded'] }),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
  },
  (t) => [index('outbox_dead_letters_outbox_idx').on(t.outboxId, t.id)],
);
