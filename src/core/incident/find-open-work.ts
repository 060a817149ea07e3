import type { StageStarts } from '../playbook/playbook-run.js';
import type { Playbook } from '../playbook/playbook-schema.js';
import { stepViews } from '../playbook/step-availability.js';
import type { Store } from '../store-port.js';
import type { OpenWork } from './open-work.js';

/** The open work of every active playbook run of the incident, in playbook and stage order. */
export function findOpenWork(store: Store, incidentId: number): OpenWork {
  const work: OpenWork = { steps: [], stages: [] };
  for (const run of store.playbooks.runsFor(incidentId).filter((r) => r.status === 'active')) {
    const playbook = JSON.parse(run.definition) as Playbook;
    const starts = JSON.parse(run.stageStarts) as StageStarts;
    // Steps a decision ruled out are already marked not applicable, so open and locked steps are the unfinished ones.
    const views = stepViews(playbook, store.playbooks.steps(run.id));
    for (const stage of playbook.stages) {
      if (!starts[stage.id]) {
        work.stages.push({ playbookId: playbook.id, stage: stage.id, title: stage.title, steps: stage.steps.length });
        continue;
      }
      for (const step of stage.steps) {
        const view = views.get(step.id) ?? 'open';
        if (view === 'open' || view === 'locked')
          work.steps.push({ playbookId: playbook.id, stage: stage.id, stepId: step.id, title: step.title });
      }
    }
  }
  return work;
}
