import { addMinutes } from 'date-fns';
import type { Fmt } from '../fmt.js';
import type { IconName } from '../icon.js';
import type { Incident } from '../incident/incident.js';
import type { PlaybookRun, StageStarts, StepState } from './playbook-run.js';
import type { Playbook, StageId } from './playbook-schema.js';
import { stepViews, type StepView } from './step-availability.js';

export type StepButton =
  | { kind: 'done' | 'skip' | 'claim' | 'na' | 'request'; label: string }
  | { kind: 'answer'; label: string; answer: string };

export interface StageStepView {
  stepId: string;
  line: string;
  instructions: string;
  view: StepView;
  buttons: StepButton[];
}

/** A stage's checklist, platform-neutral: a progress line and one entry per step with the buttons it offers. */
export interface StageView {
  runId: number;
  stageId: StageId;
  heading: string;
  progress: string;
  detached: boolean;
  steps: StageStepView[];
}

const ICON: Record<StepView, IconName> = {
  open: 'white_large_square',
  locked: 'lock',
  done: 'white_check_mark',
  skipped: 'fast_forward',
  na: 'heavy_minus_sign',
};

export function describeStage(
  incident: Incident,
  run: PlaybookRun,
  states: StepState[],
  stageId: StageId,
  fmt: Fmt,
  now: Date,
): StageView | null {
  const playbook = JSON.parse(run.definition) as Playbook;
  const stage = playbook.stages.find((s) => s.id === stageId);
  if (!stage) return null;
  const views = stepViews(playbook, states);
  const byId = new Map(states.map((s) => [s.stepId, s]));
  const started = (JSON.parse(run.stageStarts) as StageStarts)[stageId];
  const detached = run.status !== 'active';
  const settled = stage.steps.filter(
    (s) => (views.get(s.id) ?? 'open') !== 'open' && views.get(s.id) !== 'locked',
  ).length;
  const steps = stage.steps.map((step): StageStepView => {
    const view = views.get(step.id) ?? 'open';
    const state = byId.get(step.id);
    const bits = [`${fmt.icon(ICON[view])} ${fmt.bold(fmt.text(step.title))}`, fmt.em(step.owner)];
    if (step.evidence === 'required') bits.push(`${fmt.icon('paperclip')} evidence required`);
    if (state?.claimedBy && view === 'open') bits.push(`${fmt.icon('raising_hand')} ${fmt.user(state.claimedBy)}`);
    if (step.sla && started && view !== 'done' && view !== 'skipped' && view !== 'na') {
      const due = addMinutes(new Date(started), step.sla);
      bits.push(
        due < now
          ? `${fmt.icon('alarm_clock')} overdue since ${fmt.time(due.toISOString())}`
          : `${fmt.icon('hourglass')} due ${fmt.time(due.toISOString())}`,
      );
    }
    if (state?.answer) bits.push(`→ ${fmt.bold(fmt.text(state.answer))}`);
    if (state?.doneBy && view !== 'open')
      bits.push(
        `${view === 'done' ? 'by' : view} ${fmt.user(state.doneBy)}${state.reason ? `: ${fmt.text(state.reason)}` : ''}`,
      );
    const buttons: StepButton[] = [];
    if (!detached && view === 'open') {
      if (step.type === 'decision')
        for (const a of step.answers) buttons.push({ kind: 'answer', label: a.label, answer: a.label });
      else if (step.type === 'action') buttons.push({ kind: 'request', label: 'Request' });
      else buttons.push({ kind: 'done', label: 'Done' });
      buttons.push({ kind: 'skip', label: 'Skip' });
      if (!state?.claimedBy) buttons.push({ kind: 'claim', label: 'Assign to me' });
      buttons.push({ kind: 'na', label: 'N/A' });
    }
    const question = step.type === 'decision' ? `${fmt.text(step.question)}\n` : '';
    return {
      stepId: step.id,
      line: bits.join(' · '),
      instructions: `${question}${fmt.text(step.instructions.trim())}`.slice(0, 1500),
      view,
      buttons,
    };
  });
  return {
    runId: run.id,
    stageId,
    heading: `${incident.ref} · ${playbook.title} · ${stage.title}${detached ? ' (detached)' : ''}`,
    progress: `${settled}/${stage.steps.length} settled${started ? ` · started ${fmt.time(started)}` : ''}`,
    detached,
    steps,
  };
}
