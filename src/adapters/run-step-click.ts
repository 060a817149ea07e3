import type { Ctx } from '../core/context.js';
import { answerDecision, claimStep, completeStep, markStepNotApplicable } from '../core/playbook/act-on-step.js';
import type { StepClick } from './step-action-ids.js';

export type StepClickOutcome = { type: 'reply'; text: string } | { type: 'ask-skip-reason' } | { type: 'request-action' };

/** What a checklist click does, the same in every adapter. Skip asks for a reason first; Request goes to approvals. */
export function runStepClick(ctx: Ctx, click: StepClick): StepClickOutcome {
  const ref = { runId: click.runId, stepId: click.stepId, via: 'button' as const };
  switch (click.kind) {
    case 'done':
      completeStep({ ctx, input: ref });
      return { type: 'reply', text: 'Marked done.' };
    case 'claim':
      claimStep({ ctx, input: ref });
      return { type: 'reply', text: 'It is yours: your name is on the step.' };
    case 'na':
      markStepNotApplicable({ ctx, input: ref });
      return { type: 'reply', text: 'Marked not applicable.' };
    case 'answer':
      answerDecision({ ctx, input: { ...ref, answer: click.answer ?? '' } });
      return { type: 'reply', text: `Answered: ${click.answer ?? ''}.` };
    case 'skip':
      return { type: 'ask-skip-reason' };
    case 'request':
      return { type: 'request-action' };
  }
}
