import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { incidents } from './incidents.js';

/**
 * Append-only, hash-chained per incident: `hash = sha256(canonical(entry) + prev_hash)`.
 * A trigger (see the custom migration) refuses UPDATE and DELETE; the chain catches edits made around it.
 */
export const timelineEntries = sqliteTable(
  'timeline_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    kind: text('kind').notNull(),
    payload: text('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  // Stats count incidents by event kind (recurrences flagged).
  (t) => [
    uniqueIndex('timeline_incident_seq_unique').on(t.incidentId, t.seq),
    index('timeline_kind_idx').on(t.kind, t.incidentId),
  ],
);
