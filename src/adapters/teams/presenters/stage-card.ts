import type { StageStepView, StageView, StepButton } from '../../../core/playbook/describe-stage.js';
import type { StepButtonValue } from '../../step-action-ids.js';
import { INPUT, stepVerb } from '../ids.js';
import type { CardActivity, CardElement, ExecuteAction, TextBlock } from './adaptive-card.js';
import type { CardContext, CardDraft } from './build-card-activity.js';
import { actionSet, container, execute, reasonInput, textBlock } from './card-elements.js';
import { fitCard } from './fit-card.js';
import { trimNote } from './trim-note.js';

/** How much a stage card shows; each level down is smaller (fit-card.ts trims texts within a level first). */
interface Level {
  /** "Assign to me" and "N/A" (Teams puts them in the overflow menu anyway). */
  secondary: boolean;
  instructions: boolean;
  /** Steps, in order, that get their buttons; the rest say how to act by typing. */
  buttonSteps: number;
}

function stepButton(view: StageView, step: StageStepView, b: StepButton): ExecuteAction {
  const data: StepButtonValue = { r: view.runId, s: step.stepId, ...(b.kind === 'answer' ? { a: b.answer } : {}) };
  const primary = b.kind === 'done' || b.kind === 'request' || b.kind === 'answer';
  return execute(stepVerb(b.kind), b.label, data, {
    ...(b.kind === 'done' || b.kind === 'request' ? { style: 'positive' as const } : {}),
    ...(primary || b.kind === 'skip' ? {} : { mode: 'secondary' as const }),
  });
}

function draftAt(view: StageView, ctx: CardContext, level: Level): CardDraft {
  const f = ctx.fmt;
  const trimmable: CardDraft['trimmable'] = [];
  const body: CardElement[] = [
    // Playbook and stage titles are shown literally, like Slack's plain_text header.
    textBlock(f.text(view.heading), { style: 'heading', size: 'Medium', weight: 'Bolder' }),
    textBlock(view.progress, { isSubtle: true, spacing: 'Small' }),
  ];
  let withButtons = 0;
  let typed = 0;
  let skippable = false;
  for (const step of view.steps) {
    const line = textBlock(step.line);
    trimmable.push({ block: line, note: trimNote(f) });
    const items: CardElement[] = [line];
    if (step.instructions) {
      if (level.instructions) {
        const instructions: TextBlock = textBlock(step.instructions, { spacing: 'Small' });
        trimmable.push({
          block: instructions,
          note: `… ${f.em('(trimmed to fit Teams; the playbook has the whole text)')}`,
        });
        items.push(instructions);
      }
    }
    const buttons = step.buttons.filter(
      (b) => level.secondary || b.kind === 'done' || b.kind === 'request' || b.kind === 'answer' || b.kind === 'skip',
    );
    if (buttons.length > 0 && withButtons < level.buttonSteps) {
      withButtons += 1;
      skippable ||= buttons.some((b) => b.kind === 'skip');
      items.push(actionSet(buttons.map((b) => stepButton(view, step, b))));
    } else if (step.buttons.length > 0) {
      typed += 1;
      items.push(textBlock(`Step ${f.code(step.stepId)}`, { isSubtle: true, size: 'Small', spacing: 'None' }));
    }
    body.push(container(items, { separator: true, spacing: 'Medium' }));
  }
  if (typed > 0)
    body.push(
      textBlock(
        `${typed} more step${typed === 1 ? '' : 's'} did not fit with buttons: type ${f.command('step done <step>')} (or claim, skip, na, answer).`,
        { isSubtle: true },
      ),
    );
  if (!level.instructions && view.steps.some((s) => s.instructions))
    body.push(
      textBlock(f.em('Instructions left out to fit Teams: the playbook has them.'), { isSubtle: true, size: 'Small' }),
    );
  if (skippable)
    body.push(reasonInput(INPUT.reason, 'Reason (to skip a step)', 'Not relevant: the host was never reachable'));
  return {
    body,
    summary: `${f.text(view.heading)} — ${view.progress}`,
    refresh: { card: 'stage', runId: view.runId, stageId: view.stageId },
    trimmable,
  };
}

/**
 * A stage checklist: heading, progress, then per step its line, instructions and buttons (claim, done, skip, N/A, or
 * the decision's answers). One card per stage (the outbox keeps one message per stage and edits it): when it would
 * pass Teams' size, texts are trimmed first, then the overflow buttons, the instructions, and the buttons of later
 * steps go, each step still listed with how to act on it by typing.
 */
export function stageCard(view: StageView, ctx: CardContext): CardActivity {
  const all = view.steps.length;
  for (const level of [
    { secondary: true, instructions: true, buttonSteps: all },
    { secondary: false, instructions: true, buttonSteps: all },
    { secondary: false, instructions: false, buttonSteps: all },
  ]) {
    const { activity, fits } = fitCard(draftAt(view, ctx, level), ctx);
    if (fits) return activity;
  }
  // The most steps that keep their buttons (fewer always fit better): a binary search, each try a whole fit.
  const at = (buttonSteps: number) =>
    fitCard(draftAt(view, ctx, { secondary: false, instructions: false, buttonSteps }), ctx);
  let [low, high] = [0, all - 1];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (at(mid).fits) low = mid;
    else high = mid - 1;
  }
  // With no buttons, a schema-valid stage (≤ 20 steps, titles ≤ 150) fits; were it not to, it is sent as small as it gets.
  return at(low).activity;
}
