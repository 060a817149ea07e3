import { asc, eq, sql } from 'drizzle-orm';
import type { PlaybookRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { playbookRuns, playbookSteps, stepTimings } from '../schema/index.js';

export function playbookRepo(db: Db): PlaybookRepo {
  return {
    insertRun: (run) => db.insert(playbookRuns).values(run).returning().get(),
    run: (id) => db.select().from(playbookRuns).where(eq(playbookRuns.id, id)).get() ?? null,
    runsFor: (incidentId) =>
      db.select().from(playbookRuns).where(eq(playbookRuns.incidentId, incidentId)).orderBy(asc(playbookRuns.id)).all(),
    updateRun(id, changes) {
      const row = db.update(playbookRuns).set(changes).where(eq(playbookRuns.id, id)).returning().get();
      if (!row) throw new Error(`playbook run ${id} vanished during update`);
      return row;
    },
    steps: (runId) => db.select().from(playbookSteps).where(eq(playbookSteps.runId, runId)).all(),
    upsertStep(state) {
      db.insert(playbookSteps)
        .values(state)
        .onConflictDoUpdate({ target: [playbookSteps.runId, playbookSteps.stepId], set: { ...state } })
        .run();
    },
    startStepClocks(runId, clocks) {
      if (clocks.length === 0) return;
      db.insert(stepTimings)
        .values(clocks.map((c) => ({ runId, ...c })))
        .onConflictDoUpdate({
          target: [stepTimings.runId, stepTimings.stepId],
          set: { startedAt: sql`excluded.started_at`, dueAt: sql`excluded.due_at` },
          // Called on every redraw: only a stage that (re)started later changes anything.
          setWhere: sql`${stepTimings.startedAt} <> excluded.started_at`,
        })
        .run();
    },
  };
}
