import { sqliteTable, integer, text, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { incidents } from './incidents.js';

/**
 * A playbook attached to an incident. The playbook is snapshotted: editing the YAML later never changes the
 * checklist a war room is already working through.
 */
export const playbookRuns = sqliteTable(
  'playbook_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    playbookId: text('playbook_id').notNull(),
    version: integer('version').notNull(),
    /** The Playbook as attached (JSON). */
    definition: text('definition').notNull(),
    status: text('status', { enum: ['active', 'detached'] }).notNull(),
    attachedAt: text('attached_at').notNull(),
    attachedBy: text('attached_by').notNull(),
    reason: text('reason').notNull(),
    detachedAt: text('detached_at'),
    /** Stage id → ISO time it started (SLA base), JSON. */
    stageStarts: text('stage_starts').notNull().default('{}'),
    /** Stage id → chat message id of its checklist, JSON. */
    stageMessages: text('stage_messages').notNull().default('{}'),
  },
  // With the columns the stats read: a run's row carries its playbook snapshot (kilobytes), which they never need.
  (t) => [index('playbook_runs_incident_idx').on(t.incidentId, t.playbookId, t.detachedAt)],
);

/** Where each step of a run stands. History lives in the timeline; this is the current state. */
export const playbookSteps = sqliteTable(
  'playbook_steps',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => playbookRuns.id),
    stepId: text('step_id').notNull(),
    status: text('status', { enum: ['open', 'done', 'skipped', 'na'] }).notNull(),
    /** Who is working on it (one person at a time). */
    claimedBy: text('claimed_by'),
    doneBy: text('done_by'),
    doneAt: text('done_at'),
    reason: text('reason'),
    /** The chosen answer of a decision step. */
    answer: text('answer'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId] })],
);

/**
 * When each step of a started stage began counting and when its SLA falls due: the stage start copied per step, so
 * per-step durations and SLA misses across incidents are plain SQL aggregates (the run's JSON is not queryable at
 * scale). Written whenever a stage starts or is reopened; the step's outcome stays in playbook_steps.
 */
export const stepTimings = sqliteTable(
  'step_timings',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => playbookRuns.id),
    stepId: text('step_id').notNull(),
    startedAt: text('started_at').notNull(),
    /** started_at + the step's `sla` minutes; null when the step has no SLA. */
    dueAt: text('due_at'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId] })],
);
