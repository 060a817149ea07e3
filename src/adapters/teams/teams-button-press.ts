import { ButtonPress } from '../../interactions/button-press.js';
import { VERB } from './ids.js';

type Data = Record<string, unknown>;

/** Each verb's data (ids.ts) as the shared layer's press, before validation. */
const DECODE: Record<string, (d: Data) => unknown> = {
  [VERB.acknowledge]: (d) => ({ kind: 'acknowledge', incidentId: d.incidentId }),
  [VERB.takeLead]: (d) => ({ kind: 'take-lead', incidentId: d.incidentId }),
  [VERB.updateStatus]: (d) => ({ kind: 'update-status', incidentId: d.incidentId }),
  [VERB.resolve]: (d) => ({ kind: 'resolve', incidentId: d.incidentId, confirmed: false }),
  [VERB.resolveConfirmed]: (d) => ({ kind: 'resolve', incidentId: d.incidentId, confirmed: true }),
  [VERB.declareAlert]: (d) => ({ kind: 'triage-declare', alertId: d.alertId }),
  [VERB.dismissAlert]: (d) => ({ kind: 'triage-dismiss', alertId: d.alertId }),
  [VERB.approveAction]: (d) => ({ kind: 'approve', approvalId: d.approvalId }),
  [VERB.rejectAction]: (d) => ({ kind: 'reject', approvalId: d.approvalId }),
  [VERB.startPostmortem]: (d) => ({ kind: 'postmortem-start', incidentId: d.incidentId }),
  [VERB.stormSplit]: (d) => ({
    kind: 'storm-split',
    stormIncidentId: d.i,
    target: 's' in d ? { service: d.s } : { alertId: d.a },
  }),
  ...Object.fromEntries(
    (['done', 'skip', 'claim', 'na', 'request', 'answer'] as const).map((action) => [
      `step.${action}`,
      (d: Data) => ({
        kind: 'step',
        action,
        runId: d.r,
        stepId: d.s,
        answer: action === 'answer' ? (d.a ?? null) : null,
      }),
    ]),
  ),
};

/**
 * A Teams button (an `Action.Execute` invoke's verb and data, or its `Action.Submit` fallback's `{verb, ...data}`) as
 * the shared interaction layer's press; null when it is not one warroom draws (forged, or from an older card).
 */
export function teamsButtonPress(verb: string, data: unknown): ButtonPress | null {
  const decode = Object.hasOwn(DECODE, verb) ? DECODE[verb] : undefined;
  if (!decode || typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const press = ButtonPress.safeParse(decode(data as Data));
  return press.success ? press.data : null;
}
