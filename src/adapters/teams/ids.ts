import type { StepButton } from '../../core/playbook/describe-stage.js';
import type { CardTarget } from '../../interactions/index.js';
import { BUTTON_ACTION_IDS } from '../button-codec.js';

/**
 * `Action.Execute` verbs: constants so the card presenters and the `adaptiveCard/action` listeners cannot drift
 * apart. The same names as Slack's action ids where the act is the same. Each button's `data` carries the ids the
 * verb needs (below); its `Action.Submit` fallback carries `{ verb, ...data }`.
 */
export const VERB = {
  /**
   * The card's refresh clause, and "Keep it open" on the confirm-resolve card: draw the card again, for the viewer,
   * answered as a card only they see. Data: `CardRef`.
   */
  refresh: 'refresh',
  /**
   * The buttons every surface shares, spelled once (button-codec.ts). Data: `{ incidentId }` for the header's,
   * Resolve anyway and Start postmortem; `{ alertId }` for triage (dismiss reads the `reason` input); `{ approvalId }`
   * for approvals (reject reads `reason`). Update status and Start postmortem open their shared form as a dialog.
   */
  ...BUTTON_ACTION_IDS,
  /** Checklist buttons. Data: `StepButtonValue` `{ r: runId, s: stepId, a?: answer }`; skip reads the `reason` input. */
  stepDone: 'step.done',
  stepSkip: 'step.skip',
  stepClaim: 'step.claim',
  stepNa: 'step.na',
  stepRequest: 'step.request',
  stepAnswer: 'step.answer',
  /** Storm "Declare separately". Data: `{ i: stormIncidentId, s: service }` or `{ i, a: alertId }`. */
  stormSplit: 'storm.split',
} as const;

export type Verb = (typeof VERB)[keyof typeof VERB];

export const VERBS: ReadonlySet<string> = new Set(Object.values(VERB));

const STEP_VERB: Record<StepButton['kind'], Verb> = {
  done: VERB.stepDone,
  skip: VERB.stepSkip,
  claim: VERB.stepClaim,
  na: VERB.stepNa,
  request: VERB.stepRequest,
  answer: VERB.stepAnswer,
};

export const stepVerb = (kind: StepButton['kind']): Verb => STEP_VERB[kind];

/** Card inputs (their values arrive beside `data`). */
export const INPUT = { reason: 'reason' } as const;

/**
 * What a refresh re-renders: the shared layer's CardTarget (src/interactions/card-target.ts), which is also the data of
 * the card's refresh clause and of "Keep it open" on the confirm-resolve card.
 */
export type CardRef = CardTarget;

/**
 * Task-module (dialog) verbs, in the `verb` key of a `task/fetch` or `task/submit` invoke's data (teams-ai's default
 * filter). Kept apart from `VERB`: those are Action.Execute buttons on cards, these open and submit dialogs.
 */
export const TASK_VERB = {
  /** Opens the declare form. Data: `{ originChannelId, severity? }` (the `open-declare-form` of a typed `declare`). */
  declare: 'dialog.declare',
  /** A form's submit button. Data: `{ form: FormView }` echoed back, the values under `FORM_FIELD_PREFIX` + field id. */
  submit: 'dialog.submit',
} as const;

/** Form inputs are named `field.<id>` so a field can never shadow `verb` or `form` in the data Teams merges them into. */
export const FORM_FIELD_PREFIX = 'field.';

/**
 * Message actions (the manifest's `composeExtensions` commands with `context: ["message"]`), in the `commandId` of a
 * `composeExtension/fetchTask` invoke. The manifest names the same ids (test/manifest checks they agree).
 */
export const MESSAGE_ACTION = {
  /** "Add to timeline" on any message of a war room: Teams' way to do what the pin reaction does elsewhere. */
  pin: 'timeline.pin',
} as const;
