import { sqliteTable, integer, text, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * Response times rolled up per UTC day of declaration and per value of each breakdown (all, severity, service,
 * priority), drills left out. Triggers on incidents keep it (migration 0020), so a year of stats adds up some twenty
 * rows a day rather than every incident. Sums are whole milliseconds: adding and taking away stays exact.
 */
export const incidentResponseDays = sqliteTable(
  'incident_response_days',
  {
    /** YYYY-MM-DD of declared_at, in UTC. */
    day: text('day').notNull(),
    dimension: text('dimension', { enum: ['all', 'severity', 'service', 'priority'] }).notNull(),
    /** The value as JSON: `"sev1"`, `"checkout"`; `null` for no service or priority, and for `all`. */
    value: text('value').notNull(),
    incidents: integer('incidents').notNull(),
    mttaMs: integer('mtta_ms').notNull(),
    mttaN: integer('mtta_n').notNull(),
    mttmMs: integer('mttm_ms').notNull(),
    mttmN: integer('mttm_n').notNull(),
    mttrMs: integer('mttr_ms').notNull(),
    mttrN: integer('mttr_n').notNull(),
    mttdMs: integer('mttd_ms').notNull(),
    mttdN: integer('mttd_n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.dimension, t.value] })],
);
