import { z } from 'zod';
import type { StepButton } from '../core/playbook/describe-stage.js';
import { StormSplitTarget } from '../core/storm/declare-separately.js';

const Id = z.number().int().positive();

/** What a checklist button does to its step (the same kinds the stage view offers). */
export const STEP_ACTIONS = ['done', 'skip', 'claim', 'na', 'request', 'answer'] as const satisfies ReadonlyArray<
  StepButton['kind']
>;

/**
 * Every button warroom draws, as what it means rather than how a platform encodes it: each adapter decodes its
 * payload (Slack action id + value, sandbox POST, Teams Action.Execute data) into one of these.
 */
export const ButtonPress = z.discriminatedUnion('kind', [
  /** The war-room header. */
  z.object({ kind: z.literal('acknowledge'), incidentId: Id }),
  z.object({ kind: z.literal('take-lead'), incidentId: Id }),
  z.object({ kind: z.literal('update-status'), incidentId: Id }),
  /** Resolve (header, all-alerts-resolved prompt); `confirmed` is the "Resolve anyway" under the open-work question. */
  z.object({ kind: z.literal('resolve'), incidentId: Id, confirmed: z.boolean() }),
  /** The triage message of an alert below the war-room threshold. */
  z.object({ kind: z.literal('triage-declare'), alertId: Id }),
  z.object({ kind: z.literal('triage-dismiss'), alertId: Id }),
  /** A requested action waiting for its second pair of eyes. */
  z.object({ kind: z.literal('approve'), approvalId: Id }),
  z.object({ kind: z.literal('reject'), approvalId: Id }),
  /** A playbook checklist step; `answer` is the decision's answer for `answer`, else null. */
  z.object({
    kind: z.literal('step'),
    action: z.enum(STEP_ACTIONS),
    runId: Id,
    stepId: z.string().min(1),
    answer: z.string().nullable(),
  }),
  /** "Declare separately" on a storm's rolled-up message. */
  z.object({ kind: z.literal('storm-split'), stormIncidentId: Id, target: StormSplitTarget }),
  /** "Start postmortem" in the war room once the incident is resolved. */
  z.object({ kind: z.literal('postmortem-start'), incidentId: Id }),
]);
export type ButtonPress = z.infer<typeof ButtonPress>;
export type ButtonKind = ButtonPress['kind'];
export type PressOf<K extends ButtonKind> = Extract<ButtonPress, { kind: K }>;
