import { ValidationError } from '../errors.js';

interface Answer {
  label: string;
}

/**
 * The answer a person typed for a decision: its whole label in any case, or the start of exactly one label, since
 * labels such as "Yes, or cannot rule out" are long and people type "yes". Buttons always send the whole label.
 */
export function matchDecisionAnswer<A extends Answer>(
  answers: readonly A[],
  typed: string,
  decision: { stepId: string; question: string },
): A {
  const wanted = typed.trim().toLowerCase();
  const exact = answers.find((a) => a.label.toLowerCase() === wanted);
  if (exact) return exact;
  const started = wanted ? answers.filter((a) => a.label.toLowerCase().startsWith(wanted)) : [];
  if (started.length === 1 && started[0]) return started[0];
  // Labels may hold commas, so each is quoted: a bare comma-separated list reads as more answers than there are.
  const listed = answers.map((a) => `"${a.label}"`).join(', ');
  const example = `step answer ${decision.stepId} ${answers[0]?.label ?? '<answer>'}`;
  const why =
    started.length > 1
      ? `"${typed}" starts more than one answer to "${decision.question}"`
      : `"${typed}" is not an answer to "${decision.question}"`;
  throw new ValidationError(
    (fmt) =>
      `${why}. Answers: ${listed}. Type one (its start is enough when no other answer starts the same way), e.g. ${fmt.command(example)}`,
  );
}
