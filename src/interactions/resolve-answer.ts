import { RESOLVE_ANYWAY_LABEL, type runResolve } from '../../commands/resolve.js';
import { privately, type InteractionResult, type PrivateAnswer } from './interaction.js';

/** The question asked when resolve meets open playbook work, with the button that resolves anyway. */
export function resolveQuestion(incidentId: number, text: string): PrivateAnswer {
  return privately(text, [
    { label: RESOLVE_ANYWAY_LABEL, style: 'danger', press: { kind: 'resolve', incidentId, confirmed: true } },
  ]);
}

/** The shared resolve's answer as an interaction result: a reply, or the question with its button. */
export function resolveAnswer(result: ReturnType<typeof runResolve>): InteractionResult {
  if (result.type === 'confirm-resolve') return resolveQuestion(result.incidentId, result.text);
  return result.type === 'reply' ? privately(result.text) : { type: 'done' };
}
