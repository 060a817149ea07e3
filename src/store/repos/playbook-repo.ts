import { asc, eq, sql } from 'drizzle-orm';
import type { PlaybookRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { playbookRuns, playbookSteps, stepTimings } from '../schema/index.js';

export function playbookRepo(db: Db): PlaybookRepo {
  const runQuery = prepareOnce(() =>
    db
      .select()
      .from(playbookRuns)
      .where(eq(playbookRuns.id, sql.placeholder('id')))
      .prepare(),
  );
  // Read for every active incident on every scheduler pass (step SLAs), and by every step command.
  const runsForQuery = prepareOnce(() =>
    db
      .select()
      .from(playbookRuns)
      .where(eq(playbookRuns.incidentId, sql.placeholder('incidentId')))
      .orderBy(asc(playbookRuns.id))
      .prepare(),
  );
  const stepsQuery = prepareOnce(() =>
    db
      .select()
      .from(playbookSteps)
      .where(eq(playbookSteps.runId, sql.placeholder('runId')))
      .prepare(),
  );
  return {
    insertRun: (run) => db.insert(playbookRuns).values(run).returning().get(),
    run: (id) => runQuery().get({ id }) ?? null,
    runsFor: (incidentId) => runsForQuery().all({ incidentId }),
    updateRun(id, changes) {
      const row = db.update(playbookRuns).set(changes).where(eq(playbookRuns.id, id)).returning().get();
      if (!row) throw new Error(`playbook run ${id} vanished during update`);
      return row;
    },
    steps: (runId) => stepsQuery().all({ runId }),
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
