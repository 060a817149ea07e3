import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, uniqueIndex, index, type SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Minutes from one timestamp to the other (null when either is): what the stats sum. incidents_stats_idx stores these
 * values; SQLite uses a stored expression only where a query spells it the same, so the stats build it here too.
 */
export const minutesBetween = (to: SQLiteColumn, from: SQLiteColumn) =>
  sql<number | null>`(julianday(${to}) - julianday(${from})) * 1440.0`;

/** One row per incident. Timestamps are ISO-8601 UTC strings; they feed the MTTA/MTTM/MTTR metrics. */
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: integer('number').notNull(),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    severity: text('severity', { enum: ['sev1', 'sev2', 'sev3', 'sev4'] }).notNull(),
    status: text('status', {
      enum: ['declared', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'],
    }).notNull(),
    platform: text('platform', { enum: ['slack', 'sandbox', 'teams'] }).notNull(),
    /** Channel the incident was declared from (the declarer is told there). */
    originChannelId: text('origin_channel_id'),
    /** Name we ask the platform for; a suffix is added on `name_taken`. */
    plannedChannelName: text('planned_channel_name').notNull(),
    channelId: text('channel_id'),
    channelName: text('channel_name'),
    headerMessageId: text('header_message_id'),
    /** The rolled-up alert message, edited in place as alerts repeat. */
    alertsMessageId: text('alerts_message_id'),
    /** Null only for an alert-opened incident no person has taken yet; the first to acknowledge leads. */
    leadId: text('lead_id'),
    /** The person who declared it; null when an alert opened it. */
    declaredBy: text('declared_by'),
    origin: text('origin', { enum: ['manual', 'alert'] })
      .notNull()
      .default('manual'),
    /** P1..P4 from the priority matrix, for alert-opened incidents. */
    priority: text('priority', { enum: ['P1', 'P2', 'P3', 'P4'] }),
    /** Catalog service the incident is about, when known. */
    service: text('service'),
    /** When the problem started according to the first alert (its startsAt): the start of time-to-detect. */
    detectedAt: text('detected_at'),
    /** When warroom received the first alert of the incident. */
    alertReceivedAt: text('alert_received_at'),
    /** A drill: replayed telemetry, no paging, no announcements; the tag names the drill run. */
    drillTag: text('drill_tag'),
    /** Where responders talk (a Zoom, Meet or Teams meeting link), shown in the header. */
    bridgeUrl: text('bridge_url'),
    declaredAt: text('declared_at').notNull(),
    acknowledgedAt: text('acknowledged_at'),
    mitigatedAt: text('mitigated_at'),
    resolvedAt: text('resolved_at'),
    closedAt: text('closed_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('incidents_number_unique').on(t.number),
    uniqueIndex('incidents_ref_unique').on(t.ref),
    uniqueIndex('incidents_channel_unique').on(t.platform, t.channelId),
    index('incidents_status_idx').on(t.status),
    // Stats windows are ranges of declared_at, and this index holds all they read of an incident (the drill tag, the
    // breakdowns, the response times as minutes), so a window of 50k incidents never touches the table.
    index('incidents_stats_idx').on(
      t.declaredAt,
      t.drillTag,
      t.service,
      t.severity,
      t.priority,
      t.resolvedAt,
      minutesBetween(t.acknowledgedAt, t.declaredAt),
      minutesBetween(t.mitigatedAt, t.declaredAt),
      minutesBetween(t.resolvedAt, t.declaredAt),
      minutesBetween(t.declaredAt, t.detectedAt),
    ),
  ],
);
