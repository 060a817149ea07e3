import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { incidents } from './incidents.js';

/**
 * What the evidence vault holds. The bytes live outside the database, content-addressed under
 * `<DATA_DIR>/evidence/sha256/…`; a row records what they are, where they came from, who collected them and when.
 * Append-only (see the custom migration): an item is never edited, later handling goes into custody_entries.
 * One row per content per incident: the same bytes added twice are one item.
 */
export const evidenceItems = sqliteTable(
  'evidence_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    mediaType: text('media_type').notNull(),
    kind: text('kind', { enum: ['text', 'url', 'file', 'action-result'] }).notNull(),
    description: text('description').notNull(),
    /** Identifiers of the source (host, ip, serial, url, chat file id…), canonical JSON. */
    source: text('source').notNull(),
    /** Canonical JSON of the Actor who collected it. */
    collectedBy: text('collected_by').notNull(),
    /** ISO-8601 UTC. */
    collectedAt: text('collected_at').notNull(),
    /** The deployment's time zone when it was collected (IANA name), so local logs can be lined up. */
    tz: text('tz').notNull(),
    /** Path inside the vault, e.g. sha256/ab/cdef…. */
    storagePath: text('storage_path').notNull(),
  },
  (t) => [uniqueIndex('evidence_items_incident_sha_unique').on(t.incidentId, t.sha256)],
);

/**
 * Chain of custody (NIST SP 800-61 §3.2.2), hash-chained per incident like the timeline:
 * `hash = sha256(canonical(entry) + "\n" + prev_hash)`. Each entry also commits to the item's record (item_digest),
 * so editing an evidence_items row is caught too. A trigger refuses UPDATE and DELETE.
 */
export const custodyEntries = sqliteTable(
  'custody_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    seq: integer('seq').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => evidenceItems.id),
    /** SHA-256 of the item's canonical record at the time of handling. */
    itemDigest: text('item_digest').notNull(),
    /** ISO-8601 UTC. */
    at: text('at').notNull(),
    tz: text('tz').notNull(),
    /** Canonical JSON of the Actor who handled it. */
    actor: text('actor').notNull(),
    action: text('action', { enum: ['collected', 'accessed', 'exported', 'verified', 'transferred'] }).notNull(),
    purpose: text('purpose').notNull(),
    /** Where the item was (or went): host and path of the vault file, or of the export bundle. */
    location: text('location').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('custody_incident_seq_unique').on(t.incidentId, t.seq), index('custody_item_idx').on(t.itemId)],
);
