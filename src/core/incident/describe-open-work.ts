import type { Fmt } from '../fmt.js';
import type { OpenWork } from './open-work.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "3 containment steps are still open: A, B, C; later stages never started: Eradication (2 steps), Recovery (1 step)."
 * Steps are grouped by stage, so the sentence says which phase was cut short.
 */
export function describeOpenWork(work: OpenWork, fmt: Fmt): string {
  const parts: string[] = [];
  const byStage = new Map<string, OpenWork['steps']>();
  for (const step of work.steps) byStage.set(step.stage, [...(byStage.get(step.stage) ?? []), step]);
  for (const [stage, steps] of byStage) {
    const verb = steps.length === 1 ? 'is' : 'are';
    parts.push(
      `${plural(steps.length, `${stage} step`)} ${verb} still open: ${steps.map((s) => fmt.text(s.title)).join(', ')}`,
    );
  }
  if (work.stages.length > 0) {
    parts.push(
      `later stages never started: ${work.stages.map((s) => `${fmt.text(s.title)} (${plural(s.steps, 'step')})`).join(', ')}`,
    );
  }
  const sentence = parts.join('; ');
  return sentence ? `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.` : 'Nothing is open.';
}
