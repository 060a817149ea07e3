import { z } from 'zod';
import type { StepButton } from '../core/playbook/describe-stage.js';

/** Checklist buttons, shared by every adapter: `step:<kind>:<stepId>[:<answer index>]`, value `{r: runId, s: stepId, a?: answer}`. */
export const STEP_ACTION = /^step:(done|skip|claim|na|request|answer):([a-z0-9-]+)(?::\d+)?$/;

export function stepActionId(button: StepButton, stepId: string, index: number): string {
  return button.kind === 'answer' ? `step:answer:${stepId}:${index}` : `step:${button.kind}:${stepId}`;
}

export const StepButtonValue = z.object({ r: z.number().int(), s: z.string().min(1), a: z.string().optional() });
export type StepButtonValue = z.infer<typeof StepButtonValue>;

export interface StepClick {
  kind: StepButton['kind'];
  runId: number;
  stepId: string;
  answer: string | null;
}

/** Reads a checklist click; null when the id or value is not one of ours (forged or stale). */
export function parseStepClick(actionId: string, value: string | undefined): StepClick | null {
  const match = STEP_ACTION.exec(actionId);
  if (!match || value === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  const v = StepButtonValue.safeParse(parsed);
  if (!v.success || v.data.s !== match[2]) return null;
  return { kind: match[1] as StepButton['kind'], runId: v.data.r, stepId: v.data.s, answer: v.data.a ?? null };
}
