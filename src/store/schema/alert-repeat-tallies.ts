import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { alerts } from './alerts.js';
import { incidents } from './incidents.js';

/**
 * Repeats of an alert counted for its incident's timeline and not on it yet: one row per (incident, alert), counted up
 * in the routing transaction and deleted in the transaction that writes them into a roll-up entry, so every repeat is
 * in exactly one entry whatever crashes in between (core/alert/roll-up-repeats.ts).
 */
export const alertRepeatTallies = sqliteTable(
  'alert_repeat_tallies',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id),
    repeats: integer('repeats').notNull(),
    /** When the first and the last of these repeats were received. */
    firstAt: text('first_at').notNull(),
    lastAt: text('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.alertId] }), index('alert_repeat_tallies_first_idx').on(t.firstAt)],
);
