import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { loadIncident } from '../incident/load-incident.js';
import { requireOpen } from '../incident/require-open.js';
import type { Store } from '../store-port.js';
import type { PlaybookRun, StepState } from './playbook-run.js';
import type { Playbook, PlaybookStage, PlaybookStep } from './playbook-schema.js';
import { stepViews, type StepView } from './step-availability.js';

export interface RunStep {
  incident: Incident;
  run: PlaybookRun;
  playbook: Playbook;
  stage: PlaybookStage;
  step: PlaybookStep;
  state: StepState;
  view: StepView;
  states: StepState[];
}

/** Loads a step of an active run of an open incident, with its current state and whether it is unlocked. */
export function loadRunStep(store: Store, runId: number, stepId: string): RunStep {
  const run = store.playbooks.run(runId);
  if (!run) throw new NotFoundError(`No playbook run #${runId}.`);
  const incident = loadIncident(store, run.incidentId);
  requireOpen(incident);
  if (run.status !== 'active')
    throw new ConflictError(
      (fmt) =>
        `Playbook ${run.playbookId} was detached from ${incident.ref}; attach it again with ${fmt.command(`playbook attach ${run.playbookId}`)}.`,
    );
  const playbook = JSON.parse(run.definition) as Playbook;
  const stage = playbook.stages.find((s) => s.steps.some((st) => st.id === stepId));
  const step = stage?.steps.find((st) => st.id === stepId);
  if (!stage || !step) throw new NotFoundError(`Playbook ${playbook.id} has no step "${stepId}".`);
  const states = store.playbooks.steps(run.id);
  const state = states.find((s) => s.stepId === stepId) ?? {
    runId: run.id,
    stepId,
    status: 'open' as const,
    claimedBy: null,
    doneBy: null,
    doneAt: null,
    reason: null,
    answer: null,
    updatedAt: run.attachedAt,
  };
  const view = stepViews(playbook, states).get(stepId) ?? 'open';
  return { incident, run, playbook, stage, step, state, view, states };
}

/**
 * Why this person may not act on the step, or null when they may: the lead, whoever holds its owner role, and whoever
 * claimed it may. The verbs throw it (requireStepAuthority); a card drawn for one viewer leaves out the buttons it refuses.
 */
export function stepAuthorityRefusal(
  store: Store,
  rs: Pick<RunStep, 'incident' | 'step' | 'state'>,
  userId: string,
): ForbiddenError | null {
  const { incident, step, state } = rs;
  if (incident.leadId === userId || state.claimedBy === userId) return null;
  const holder = step.owner === 'lead' ? null : store.roles.get(incident.id, step.owner)?.userId;
  if (holder === userId) return null;
  // An owner role nobody holds can be taken up by whoever claims the step first.
  if (step.owner !== 'lead' && !holder && !state.claimedBy) return null;
  const who =
    step.owner === 'lead'
      ? 'the incident lead'
      : `the ${step.owner} role${holder ? '' : ' (unassigned)'} or the incident lead`;
  return new ForbiddenError(
    (fmt) =>
      `"${step.title}" belongs to ${who}${state.claimedBy ? ` and is claimed by someone else` : ''}. Ask them, or have the lead reassign it (${fmt.command(`role ${step.owner} @you`)}).`,
  );
}

/** The people allowed to act on a step: the lead, whoever holds its owner role, and whoever claimed it. */
export function requireStepAuthority(store: Store, rs: RunStep, userId: string): void {
  const refusal = stepAuthorityRefusal(store, rs, userId);
  if (refusal) throw refusal;
}

export function requireUnlocked(rs: RunStep): void {
  if (rs.view === 'locked') {
    const waiting = rs.step.depends_on.filter(
      (d) => (rs.states.find((s) => s.stepId === d)?.status ?? 'open') === 'open',
    );
    throw new ConflictError(
      waiting.length > 0
        ? `"${rs.step.title}" is locked until ${waiting.map((w) => `"${w}"`).join(', ')} ${waiting.length === 1 ? 'is' : 'are'} done.`
        : `"${rs.step.title}" is locked until the decision before it is answered.`,
    );
  }
  if (rs.view !== 'open')
    throw new ConflictError(`"${rs.step.title}" is already ${rs.view === 'na' ? 'not applicable' : rs.view}.`);
}
