import { sqliteTable, integer, text, primaryKey } from 'drizzle-orm/sqlite-core';
import { incidents } from './incidents.js';

/** Non-lead roles (comms, ops, scribe, security, …). The lead lives on `incidents.lead_id` so there is always exactly one. */
export const incidentRoles = sqliteTable(
  'incident_roles',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    role: text('role').notNull(),
    userId: text('user_id').notNull(),
    assignedBy: text('assigned_by').notNull(),
    assignedAt: text('assigned_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.role] })],
);
