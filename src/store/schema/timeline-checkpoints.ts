import { sqliteTable, integer, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { incidents } from './incidents.js';

/**
 * Signed statements of a timeline's head, written beside the chain (never in it) when an incident changes status
 * and when it closes: "incident 12 had 43 entries ending in hash H at 10:04 UTC, status resolved", signed with the
 * deployment's Ed25519 key. A chain cut back to an older valid head no longer matches its latest checkpoint.
 * Append-only like the timeline (see the custom migration).
 */
export const timelineCheckpoints = sqliteTable(
  'timeline_checkpoints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** 1, 2, 3… per incident: a removed checkpoint leaves a gap. */
    number: integer('number').notNull(),
    /** The timeline entry the head belongs to, which is also how many entries the checkpoint covers. */
    seq: integer('seq').notNull(),
    headHash: text('head_hash').notNull(),
    /** The incident's status when it was signed. */
    status: text('status').notNull(),
    /** ISO-8601 UTC. */
    at: text('at').notNull(),
    /** `sha256:<hex>` of the public key that verifies the signature. */
    keyFingerprint: text('key_fingerprint').notNull(),
    /** Base64 Ed25519 signature over the canonical statement (src/core/timeline/timeline-checkpoint.ts). */
    signature: text('signature').notNull(),
  },
  (t) => [uniqueIndex('timeline_checkpoints_incident_number_unique').on(t.incidentId, t.number)],
);
