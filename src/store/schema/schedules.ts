import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { incidents } from './incidents.js';

/** One scheduler at a time across processes: whoever holds an unexpired lease runs the jobs. */
export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/**
 * Reminders and escalations already sent, by a key that names what and when (incident, kind, step of the
 * schedule): a restart neither loses a due reminder nor sends one twice.
 */
export const sentReminders = sqliteTable('sent_reminders', {
  key: text('key').primaryKey(),
  incidentId: integer('incident_id').references(() => incidents.id),
  sentAt: text('sent_at').notNull(),
});

/** Regulatory and contractual deadlines declared by playbooks (GDPR 72 h, NIS2 24 h, SEC 8-K 4 business days). */
export const incidentClocks = sqliteTable(
  'incident_clocks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    runId: integer('run_id').notNull(),
    clockId: text('clock_id').notNull(),
    title: text('title').notNull(),
    startedAt: text('started_at').notNull(),
    deadline: text('deadline').notNull(),
    stoppedAt: text('stopped_at'),
    stoppedBy: text('stopped_by'),
    /** Set once the deadline passed without the clock stopping. */
    missedAt: text('missed_at'),
    /** Set when the incident closed with the clock still running (no reminders after that). */
    endedAt: text('ended_at'),
    /** The instant of the next reminder mark; null once stopped, missed or ended. */
    remindAt: text('remind_at'),
  },
  (t) => [
    index('incident_clocks_incident_idx').on(t.incidentId),
    // Only running clocks are in it: the scheduler's pass reads what is due whatever the history holds.
    index('incident_clocks_due_idx').on(t.remindAt).where(sql`${t.remindAt} is not null`),
  ],
);
