import { sqliteTable, integer, real, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { incidents } from './incidents.js';

/**
 * One row per occurrence of an alert (source + fingerprint), linked to the incident it opened or joined, or left for
 * triage. Repeats of the same occurrence count up here instead of opening anything new.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source').notNull(),
    fingerprint: text('fingerprint').notNull(),
    externalId: text('external_id'),
    incidentId: integer('incident_id').references(() => incidents.id),
    status: text('status', { enum: ['firing', 'resolved'] }).notNull(),
    severity: text('severity', { enum: ['critical', 'high', 'medium', 'low', 'info'] }).notNull(),
    priority: text('priority', { enum: ['P1', 'P2', 'P3', 'P4'] }).notNull(),
    title: text('title').notNull(),
    /** Catalog service after enrichment, else what the source said. */
    service: text('service'),
    /** The NormalizedAlert as last received (JSON). */
    normalized: text('normalized').notNull(),
    /** What the catalog added (JSON), and how long the lookup took. */
    enrichment: text('enrichment').notNull().default('{}'),
    enrichmentMs: real('enrichment_ms'),
    receivedCount: integer('received_count').notNull().default(1),
    firstReceivedAt: text('first_received_at').notNull(),
    lastReceivedAt: text('last_received_at').notNull(),
    startsAt: text('starts_at'),
    endsAt: text('ends_at'),
    resolvedAt: text('resolved_at'),
    /** Alerts below the war-room threshold wait in the triage channel for a person to declare or dismiss. */
    triage: text('triage', { enum: ['none', 'pending', 'declared', 'dismissed'] })
      .notNull()
      .default('none'),
    triageBy: text('triage_by'),
    triageAt: text('triage_at'),
    triageReason: text('triage_reason'),
    /** Where the triage message is, so a decision or a resolve edits it. */
    triageChannelId: text('triage_channel_id'),
    triageMessageId: text('triage_message_id'),
  },
  (t) => [
    index('alerts_identity_idx').on(t.source, t.fingerprint, t.id),
    index('alerts_incident_idx').on(t.incidentId),
    // Grouping a new alert looks at the alerts received lately, not at every alert ever received.
    index('alerts_last_received_idx').on(t.lastReceivedAt),
  ],
);

/**
 * ATT&CK techniques seen on an incident's alerts, one row each: the alerts' JSON is not queryable at scale, so the
 * alert repository keeps this index as alerts join incidents (stats count incidents per technique from it).
 */
export const incidentTechniques = sqliteTable(
  'incident_techniques',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    technique: text('technique').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.technique] })],
);
