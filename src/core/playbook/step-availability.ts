import type { Playbook, PlaybookStep } from './playbook-schema.js';
import type { StepState, StepStatus } from './playbook-run.js';

export type StepView = StepStatus | 'locked';

const SETTLED: ReadonlySet<StepStatus> = new Set(['done', 'skipped', 'na']);

/** Decision answers that lead to each step: a step listed in some answer's `next` waits for that decision. */
export function branchGates(playbook: Playbook): Map<string, Array<{ decision: string; answer: string }>> {
  const gates = new Map<string, Array<{ decision: string; answer: string }>>();
  for (const stage of playbook.stages) {
    for (const step of stage.steps) {
      if (step.type !== 'decision') continue;
      for (const answer of step.answers) {
        for (const next of answer.next)
          gates.set(next, [...(gates.get(next) ?? []), { decision: step.id, answer: answer.label }]);
      }
    }
  }
  return gates;
}

export function allSteps(playbook: Playbook): PlaybookStep[] {
  return playbook.stages.flatMap((s) => s.steps);
}

/**
 * Where each step stands for the people in the war room. Open steps whose dependencies are not settled (done,
 * skipped or not applicable) are locked, and so are steps behind a decision nobody has answered yet.
 */
export function stepViews(playbook: Playbook, states: StepState[]): Map<string, StepView> {
  const byId = new Map(states.map((s) => [s.stepId, s]));
  const status = (id: string): StepStatus => byId.get(id)?.status ?? 'open';
  const gates = branchGates(playbook);
  const views = new Map<string, StepView>();
  for (const step of allSteps(playbook)) {
    const own = status(step.id);
    if (own !== 'open') {
      views.set(step.id, own);
      continue;
    }
    const depsSettled = step.depends_on.every((d) => SETTLED.has(status(d)));
    const stepGates = gates.get(step.id) ?? [];
    const gateOpen = stepGates.length === 0 || stepGates.some((g) => byId.get(g.decision)?.answer === g.answer);
    views.set(step.id, depsSettled && gateOpen ? 'open' : 'locked');
  }
  return views;
}

/** Steps an answer rules out: reachable only through the decision's other answers. */
export function stepsRuledOut(playbook: Playbook, decisionId: string, answer: string): string[] {
  const gates = branchGates(playbook);
  const out: string[] = [];
  for (const [stepId, stepGates] of gates) {
    const fromThis = stepGates.filter((g) => g.decision === decisionId);
    if (fromThis.length === 0) continue;
    const chosen = fromThis.some((g) => g.answer === answer);
    // Only rule it out if no other decision could still lead to it.
    const elsewhere = stepGates.some((g) => g.decision !== decisionId);
    if (!chosen && !elsewhere) out.push(stepId);
  }
  return out;
}
