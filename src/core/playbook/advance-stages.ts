import { addMinutes } from 'date-fns';
import type { Ctx } from '../context.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Store } from '../store-port.js';
import type { PlaybookRun, StageStarts } from './playbook-run.js';
import type { Playbook } from './playbook-schema.js';
import { stepViews } from './step-availability.js';

const SETTLED = new Set(['done', 'skipped', 'na']);

/**
 * Starts the next stage once every step of the stages before it is settled (its SLAs count from then), and queues a
 * redraw of every started stage's checklist; each started step's clock (start, SLA due) is recorded for the stats.
 * Stages not started yet have no message: a war room sees the stage it is in, not five checklists at once. `key`
 * makes the queued redraws unique to the change that caused them.
 */
export function advanceStages(store: Store, ctx: Ctx, run: PlaybookRun, key: string): void {
  const playbook = JSON.parse(run.definition) as Playbook;
  const starts = JSON.parse(run.stageStarts) as StageStarts;
  const views = stepViews(playbook, store.playbooks.steps(run.id));
  let changed = false;
  for (let i = 1; i < playbook.stages.length; i += 1) {
    const stage = playbook.stages[i];
    const previous = playbook.stages.slice(0, i);
    if (!stage || starts[stage.id]) continue;
    if (previous.every((p) => p.steps.every((s) => SETTLED.has(views.get(s.id) ?? 'open')))) {
      starts[stage.id] = ctx.now().toISOString();
      changed = true;
    }
  }
  if (changed) store.playbooks.updateRun(run.id, { stageStarts: JSON.stringify(starts) });
  for (const stage of playbook.stages) {
    const started = starts[stage.id];
    if (!started) continue;
    store.playbooks.startStepClocks(
      run.id,
      stage.steps.map((step) => ({
        stepId: step.id,
        startedAt: started,
        dueAt: step.sla ? addMinutes(new Date(started), step.sla).toISOString() : null,
      })),
    );
    enqueueDelivery(store, {
      key: `${key}.stage.${stage.id}`,
      now: ctx.now(),
      intent: { type: 'playbook.stage', incidentId: run.incidentId, runId: run.id, stageId: stage.id },
    });
  }
}
