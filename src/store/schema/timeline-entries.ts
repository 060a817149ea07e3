import { sql } from 'drizzle-orm';
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
  (t) => [
    uniqueIndex('timeline_incident_seq_unique').on(t.incidentId, t.seq),
    // Stats count incidents by event kind (recurrences flagged).
    index('timeline_kind_idx').on(t.kind, t.incidentId),
    // Resolves only, with whether playbook work was left open: the stats' "resolved with open steps" reads the
    // latest of each incident here instead of its whole timeline. Its WHERE's terms are columns too, so the lookup
    // never reads the entry itself. (`->>` rather than json_extract: drizzle-kit splits index expressions at commas.)
    index('timeline_resolves_idx')
      .on(t.incidentId, t.seq, sql`(${t.payload} ->> '$.openWork') is not null`, t.kind, sql`${t.payload} ->> '$.to'`)
      .where(sql`${t.kind} = 'status.changed' and ${t.payload} ->> '$.to' = 'resolved'`),
  ],
);
