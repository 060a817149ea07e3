import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { incidents } from './incidents.js';
import { playbookRuns } from './playbooks.js';

/**
 * Requests to run a containment or recovery action. Runs only once approved by someone holding the approving role
 * who is not the requester (four eyes). At most one open request per step: nobody isolates the same host twice.
 */
export const approvals = sqliteTable(
  'approvals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    runId: integer('run_id')
      .notNull()
      .references(() => playbookRuns.id),
    stepId: text('step_id').notNull(),
    action: text('action').notNull(),
    /** Parameters with placeholders filled in (JSON). */
    params: text('params').notNull(),
    approverRole: text('approver_role').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'executed', 'failed'] }).notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: text('requested_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    reason: text('reason'),
    executor: text('executor'),
    /**
     * When the runner took the approved action to run it (a durable claim): set once, so two runners or a restart
     * never call the executor twice; a claim left without a result after the lease means the call was interrupted.
     */
    claimedAt: text('claimed_at'),
    /** What the executor reported (JSON). */
    result: text('result'),
    finishedAt: text('finished_at'),
    messageId: text('message_id'),
  },
  (t) => [
    index('approvals_status_idx').on(t.status),
    uniqueIndex('approvals_one_open_per_step').on(t.runId, t.stepId).where(sql`status in ('pending', 'approved')`),
  ],
);
