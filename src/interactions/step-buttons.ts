import { requestStepAction } from '../core/approval/request-action.js';
import { answerDecision, claimStep, completeStep, markStepNotApplicable } from '../core/playbook/act-on-step.js';
import { loadRunStep } from '../core/playbook/load-run-step.js';
import type { PressOf } from './button-press.js';
import { privately, type InteractionEnv, type InteractionResult } from './interaction.js';
import { skipForm } from './skip-form.js';

/** Every checklist button (Done, Skip, Assign to me, N/A, a decision's answers, Request). Each click is a timeline entry. */
export function stepButton(press: PressOf<'step'>, { ctx, fmt, channelId }: InteractionEnv): InteractionResult {
  const ref = { runId: press.runId, stepId: press.stepId, via: 'button' as const };
  switch (press.action) {
    case 'done':
      completeStep({ ctx, input: ref });
      return privately('Marked done.');
    case 'claim':
      claimStep({ ctx, input: ref });
      return privately('It is yours: your name is on the step.');
    case 'na':
      markStepNotApplicable({ ctx, input: ref });
      return privately('Marked not applicable.');
    case 'answer':
      answerDecision({ ctx, input: { ...ref, answer: press.answer ?? '' } });
      return privately(`Answered: ${fmt.text(press.answer ?? '')}.`);
    case 'skip': {
      // Skipping needs a reason: the form asks for it, showing which step it is about.
      const { step } = loadRunStep(ctx.store, press.runId, press.stepId);
      return { type: 'open-form', form: skipForm(press.runId, press.stepId, fmt.text(step.title), channelId ?? '') };
    }
    case 'request': {
      const approval = requestStepAction({ ctx, input: { runId: press.runId, stepId: press.stepId } });
      return privately(`Requested. Someone other than you with the ${approval.approverRole} role must approve it.`);
    }
  }
}
