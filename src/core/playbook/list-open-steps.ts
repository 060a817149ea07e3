import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import { describeStage } from './describe-stage.js';
import type { StageStarts } from './playbook-run.js';
import type { StageId } from './playbook-schema.js';

/** Steps still to do in the started stages of the incident's attached playbooks: `playbook/step` and its checklist line. */
export function listOpenSteps(
  store: Store,
  incident: Incident,
  fmt: Fmt,
  now: Date,
): Array<{ ref: string; line: string }> {
  const open: Array<{ ref: string; line: string }> = [];
  for (const run of store.playbooks.runsFor(incident.id).filter((r) => r.status === 'active')) {
    const states = store.playbooks.steps(run.id);
    for (const stageId of Object.keys(JSON.parse(run.stageStarts) as StageStarts) as StageId[]) {
      for (const step of describeStage(incident, run, states, stageId, fmt, now)?.steps ?? []) {
        if (step.view === 'open' || step.view === 'locked')
          open.push({ ref: `${run.playbookId}/${step.stepId}`, line: step.line });
      }
    }
  }
  return open;
}
