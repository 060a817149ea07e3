import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { incidents } from './incidents.js';

/** One postmortem per incident: a draft everyone adds to, finalized by the lead (and then frozen). */
export const postmortems = sqliteTable(
  'postmortems',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    state: text('state', { enum: ['draft', 'finalized'] }).notNull(),
    problem: text('problem').notNull(),
    category: text('category', {
      enum: [
        'process',
        'change-deploy',
        'capacity',
        'dependency',
        'detection-gap',
        'access-control',
        'human-factors',
        'software-defect',
        'configuration',
      ],
    }),
    currentChain: integer('current_chain').notNull(),
    startedBy: text('started_by').notNull(),
    startedAt: text('started_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    finalizedBy: text('finalized_by'),
    finalizedAt: text('finalized_at'),
    /** The Markdown as finalized and posted (exports re-render with the actions' current status). */
    markdown: text('markdown'),
  },
  (t) => [uniqueIndex('postmortems_incident_unique').on(t.incidentId)],
);

/**
 * The 5 Whys, one row per answer, written the moment it is given (a closed modal or a crash loses nothing).
 * (chain, depth) is unique: two people answering the same question at once cannot both become "Why 3".
 */
export const postmortemWhys = sqliteTable(
  'postmortem_whys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postmortemId: integer('postmortem_id')
      .notNull()
      .references(() => postmortems.id),
    chain: integer('chain').notNull(),
    depth: integer('depth').notNull(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    author: text('author').notNull(),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('postmortem_whys_position_unique').on(t.postmortemId, t.chain, t.depth)],
);

/** Contributing factors, what went well, lessons: one row each. */
export const postmortemNotes = sqliteTable(
  'postmortem_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postmortemId: integer('postmortem_id')
      .notNull()
      .references(() => postmortems.id),
    kind: text('kind', { enum: ['factor', 'went_well', 'lesson'] }).notNull(),
    text: text('text').notNull(),
    author: text('author').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('postmortem_notes_postmortem_idx').on(t.postmortemId)],
);

/** Corrective actions: done only with evidence, verified only by someone other than the owner. */
export const correctiveActions = sqliteTable(
  'corrective_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postmortemId: integer('postmortem_id')
      .notNull()
      .references(() => postmortems.id),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    ownerId: text('owner_id').notNull(),
    dueDate: text('due_date').notNull(),
    kind: text('kind', { enum: ['prevent', 'detect', 'mitigate', 'process'] }).notNull(),
    verification: text('verification').notNull(),
    /** JSON array of { kind: rule|playbook|service, ref }. */
    links: text('links').notNull(),
    status: text('status', { enum: ['open', 'done', 'verified'] }).notNull(),
    evidence: text('evidence'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    doneBy: text('done_by'),
    doneAt: text('done_at'),
    verifiedBy: text('verified_by'),
    verifiedAt: text('verified_at'),
  },
  (t) => [
    uniqueIndex('corrective_actions_number_unique').on(t.postmortemId, t.number),
    index('corrective_actions_incident_idx').on(t.incidentId),
    // The daily overdue reminders and the digest read the open actions past due.
    index('corrective_actions_open_due_idx').on(t.status, t.dueDate),
  ],
);
