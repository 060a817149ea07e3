import { sql } from 'drizzle-orm';
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
    /**
     * A roll-up redraw (a storm's counts moving) the dispatcher has not taken yet: it stands outside its queue's order
     * until this time (epoch ms; the storm budget's next allowed edit), and later redraws of the same message join it
     * instead of queuing rows of their own. Null for every other row, and once the dispatcher takes it to send.
     */
    heldUntil: integer('held_until'),
  },
  (t) => [
    uniqueIndex('outbox_idempotency_unique').on(t.idempotencyKey),
    index('outbox_pending_idx').on(t.status, t.destination, t.id),
    index('outbox_coalesce_idx').on(t.coalesceKey, t.id),
    // Only roll-up rows not taken yet are in it: a repeat finds the row it joins in one lookup, whatever the history.
    index('outbox_unclaimed_idx').on(t.coalesceKey).where(sql`${t.status} = 'pending' and ${t.heldUntil} is not null`),
  ],
);

/**
 * The storm budget of one edited-in-place message (by coalesce key): how many edits it had in the current storm and
 * when the last went out. The next edit may go out on a widening interval after the last (core/outbox/roll-up-budget.ts);
 * a row quiet for long enough means a new storm starts from the shortest interval, so such rows are forgotten.
 */
export const deliveryBudgets = sqliteTable(
  'delivery_budgets',
  {
    coalesceKey: text('coalesce_key').primaryKey(),
    sends: integer('sends').notNull(),
    lastSentAt: integer('last_sent_at').notNull(),
  },
  (t) => [index('delivery_budgets_last_sent_idx').on(t.lastSentAt)],
);
