import { sqliteTable, integer, real, text, index } from 'drizzle-orm/sqlite-core';
import { alerts } from './alerts.js';
import { incidents } from './incidents.js';

/**
 * One row per alert that would have opened a war room of its own (the storm guard's rate window counts these), with
 * what happened instead: it opened its room, joined a storm incident, or opened its room as a tier-1 P1 exempt from
 * the guard. `recorded` says whether a storm join is on the storm's timeline yet (joins are rolled up periodically).
 */
export const warRoomDemands = sqliteTable(
  'war_room_demands',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id),
    /** The incident it opened, or the storm incident it joined. */
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** `grouped`: a grouping rule put it into a storm incident; it is rolled up there but never counted in the rate. */
    outcome: text('outcome', { enum: ['opened', 'stormed', 'exempt', 'grouped'] }).notNull(),
    at: text('at').notNull(),
    recorded: integer('recorded', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    index('war_room_demands_at_idx').on(t.at),
    index('war_room_demands_incident_idx').on(t.incidentId, t.recorded),
  ],
);

/** An incident that is an alert storm: the rolled-up destination of alerts while too many war rooms would open. */
export const storms = sqliteTable('storms', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  startedAt: text('started_at').notNull(),
  lastJoinedAt: text('last_joined_at').notNull(),
  /** When the joins were last rolled up into a timeline entry. */
  rolledUpAt: text('rolled_up_at').notNull(),
  /** The guard's setting when it started (the policy may change later): more than `maxWarRooms` within `windowMinutes`. */
  maxWarRooms: integer('max_war_rooms').notNull(),
  windowMinutes: real('window_minutes').notNull(),
  /** Alerts that joined it (the first one included), for the roll-up entries' running total. */
  joined: integer('joined').notNull().default(0),
});
