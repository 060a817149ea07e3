import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ValidationError } from '../errors.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import type { Store } from '../store-port.js';
import type { TimelineEvent } from '../timeline/timeline-event.js';
import { advanceStages } from './advance-stages.js';
import { moveClocks } from '../schedule/incident-clocks.js';
import { matchDecisionAnswer } from './match-decision-answer.js';
import { loadRunStep, requireStepAuthority, requireUnlocked, type RunStep } from './load-run-step.js';
import type { StageStarts, StepState } from './playbook-run.js';
import { stepsRuledOut } from './step-availability.js';

const Via = z.enum(['command', 'button', 'form']).default('button');
const StepRef = { runId: z.number().int(), stepId: z.string().min(1), via: Via };

/** Writes the state, the timeline entry, and queues the stage's checklist to be redrawn. */
function commit(store: Store, ctx: Ctx, rs: RunStep, next: Partial<StepState>, event: TimelineEvent): StepState {
  const state: StepState = { ...rs.state, ...next, updatedAt: ctx.now().toISOString() };
  store.playbooks.upsertStep(state);
  const entry = recordIncidentChange(store, ctx, rs.incident, event, { header: false });
  if (state.status === 'done') moveClocks(store, ctx, rs.run, { stepDone: rs.step.id, by: state.doneBy });
  // Steps of later stages may unlock, or the next stage start: redraw the started stages (collapsed by the dispatcher).
  advanceStages(store, ctx, rs.run, `inc${rs.incident.id}.t${entry.seq}`);
  return state;
}

/**
 * A step marked `evidence: required` is done only once evidence was collected for the incident after its stage
 * started (a note, a URL, a shared file, an action result), so "done" always has something to show for it.
 */
function requireEvidence(store: Store, rs: RunStep): void {
  if (rs.step.evidence !== 'required') return;
  const started = (JSON.parse(rs.run.stageStarts) as StageStarts)[rs.stage.id] ?? rs.run.attachedAt;
  if (store.evidence.itemsFor(rs.incident.id).some((item) => item.collectedAt >= started)) return;
  throw new ConflictError(
    (fmt) =>
      `"${rs.step.title}" needs evidence first: ${fmt.command('evidence add <what you found or a link>')}, or share the file in this channel; then press Done.`,
  );
}

/** "Assign to me": one person works a step at a time; a second claimer is told who has it. */
export function claimStep({ ctx, input }: { ctx: Ctx; input: z.input<z.ZodObject<typeof StepRef>> }): StepState {
  const { runId, stepId, via } = z.object(StepRef).parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const rs = loadRunStep(store, runId, stepId);
    requireUnlocked(rs);
    if (rs.state.claimedBy === userId) throw new ConflictError(`You already have "${rs.step.title}".`);
    if (rs.state.claimedBy)
      throw new ConflictError(
        `"${rs.step.title}" is being worked on by someone else. Ask them, or the lead, before taking it over.`,
      );
    requireStepAuthority(store, rs, userId);
    return commit(
      store,
      ctx,
      rs,
      { claimedBy: userId },
      { kind: 'step.claimed', payload: { runId, stepId, title: rs.step.title, by: userId, via } },
    );
  });
}

/** "Done". Decisions are answered, not done; actions complete through their approval. */
export function completeStep({ ctx, input }: { ctx: Ctx; input: z.input<z.ZodObject<typeof StepRef>> }): StepState {
  const { runId, stepId, via } = z.object(StepRef).parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const rs = loadRunStep(store, runId, stepId);
    requireUnlocked(rs);
    if (rs.step.type === 'decision')
      throw new ConflictError(`"${rs.step.title}" is a decision: pick one of its answers.`);
    if (rs.step.type === 'action')
      throw new ConflictError(
        `"${rs.step.title}" runs through an approval: press Request, and someone else with the ${rs.step.approver} role approves it.`,
      );
    requireStepAuthority(store, rs, userId);
    requireEvidence(store, rs);
    return commit(
      store,
      ctx,
      rs,
      { status: 'done', doneBy: userId, doneAt: ctx.now().toISOString() },
      { kind: 'step.completed', payload: { runId, stepId, title: rs.step.title, via } },
    );
  });
}

const WithReason = z.object({
  ...StepRef,
  reason: z.string().trim().min(3, 'Say why in a few words: it goes into the timeline.').max(500),
});

/** "Skip": moving past a step on purpose needs a reason, which the timeline keeps. */
export function skipStep({ ctx, input }: { ctx: Ctx; input: z.input<typeof WithReason> }): StepState {
  const parsed = WithReason.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
  const { runId, stepId, via, reason } = parsed.data;
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const rs = loadRunStep(store, runId, stepId);
    requireUnlocked(rs);
    requireStepAuthority(store, rs, userId);
    return commit(
      store,
      ctx,
      rs,
      { status: 'skipped', doneBy: userId, doneAt: ctx.now().toISOString(), reason },
      { kind: 'step.skipped', payload: { runId, stepId, title: rs.step.title, reason, via } },
    );
  });
}

/** "N/A": the step does not apply to this incident. */
export function markStepNotApplicable({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<z.ZodObject<typeof StepRef>> & { reason?: string };
}): StepState {
  const { runId, stepId, via } = z.object(StepRef).parse(input);
  const reason = input.reason?.trim() || 'does not apply';
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const rs = loadRunStep(store, runId, stepId);
    if (rs.view !== 'open' && rs.view !== 'locked')
      throw new ConflictError(`"${rs.step.title}" is already ${rs.view === 'na' ? 'not applicable' : rs.view}.`);
    requireStepAuthority(store, rs, userId);
    return commit(
      store,
      ctx,
      rs,
      { status: 'na', doneBy: userId, doneAt: ctx.now().toISOString(), reason },
      { kind: 'step.marked_na', payload: { runId, stepId, title: rs.step.title, reason, via } },
    );
  });
}

const Answer = z.object({ ...StepRef, answer: z.string().min(1) });

/** Answers a decision: its branch unlocks, and steps only the other answers led to become not applicable. */
export function answerDecision({ ctx, input }: { ctx: Ctx; input: z.input<typeof Answer> }): StepState {
  const { runId, stepId, via, answer } = Answer.parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const rs = loadRunStep(store, runId, stepId);
    if (rs.step.type !== 'decision') throw new ConflictError(`"${rs.step.title}" is not a decision.`);
    const step = rs.step;
    const chosen = matchDecisionAnswer(step.answers, answer, { stepId, question: step.question });
    requireUnlocked(rs);
    requireStepAuthority(store, rs, userId);
    const ruledOut = stepsRuledOut(rs.playbook, stepId, chosen.label);
    const now = ctx.now().toISOString();
    for (const id of ruledOut) {
      const prior = rs.states.find((s) => s.stepId === id);
      if (prior && prior.status !== 'open') continue;
      store.playbooks.upsertStep({
        runId,
        stepId: id,
        status: 'na',
        claimedBy: null,
        doneBy: userId,
        doneAt: now,
        reason: `decision "${step.question}" answered ${chosen.label}`,
        answer: null,
        updatedAt: now,
      });
    }
    return commit(
      store,
      ctx,
      rs,
      { status: 'done', answer: chosen.label, doneBy: userId, doneAt: now },
      {
        kind: 'step.answered',
        payload: { runId, stepId, question: step.question, answer: chosen.label, ruledOut, via },
      },
    );
  });
}
