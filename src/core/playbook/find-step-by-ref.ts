import { NotFoundError, ValidationError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import type { PlaybookRun } from './playbook-run.js';
import type { Playbook, PlaybookStep } from './playbook-schema.js';

export interface StepRefMatch {
  run: PlaybookRun;
  playbook: Playbook;
  step: PlaybookStep;
}

/**
 * A step of the incident's attached playbooks named as typed: `rollback-deploy`, or `service-outage/rollback-deploy`
 * when two attached playbooks share the step id. Each miss says what to type instead.
 */
export function findStepByRef(store: Store, incident: Incident, ref: string): StepRefMatch {
  const [playbookId, stepId] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : [null, ref];
  const runs = store.playbooks
    .runsFor(incident.id)
    .filter((r) => r.status === 'active' && (playbookId === null || r.playbookId === playbookId));
  if (runs.length === 0) {
    throw new NotFoundError((fmt) =>
      playbookId
        ? `Playbook ${fmt.code(playbookId)} is not attached to ${incident.ref}. ${fmt.command('playbook list')} shows what is.`
        : `No playbook is attached to ${incident.ref}: ${fmt.command('playbook attach <id>')} first.`,
    );
  }
  const matches: StepRefMatch[] = [];
  for (const run of runs) {
    const playbook = JSON.parse(run.definition) as Playbook;
    const step = playbook.stages.flatMap((s) => s.steps).find((s) => s.id === stepId.toLowerCase());
    if (step) matches.push({ run, playbook, step });
  }
  const [only, ...more] = matches;
  if (!only)
    throw new NotFoundError(
      (fmt) =>
        `No step ${fmt.code(stepId)} in the playbooks on ${incident.ref}. ${fmt.command('step')} lists the open ones with their ids.`,
    );
  if (more.length > 0) {
    throw new ValidationError(
      (fmt) =>
        `Step ${fmt.code(stepId)} is in more than one attached playbook: write ${matches.map((m) => fmt.code(`${m.playbook.id}/${stepId}`)).join(' or ')}.`,
    );
  }
  return only;
}
