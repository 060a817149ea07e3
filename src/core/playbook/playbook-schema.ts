import { z } from 'zod';
import { PRIORITIES, SEVERITIES } from '../incident/incident.js';
import { ALERT_SEVERITIES } from '../alert/normalized-alert.js';

/** NIST SP 800-61 phases, in order. A playbook uses the ones it needs, in this order. */
export const STAGE_IDS = ['triage', 'containment', 'eradication', 'recovery', 'post-incident'] as const;
export type StageId = (typeof STAGE_IDS)[number];

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes (max 63)');
const Technique = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'an ATT&CK technique id looks like T1486 or T1110.003');
const Role = z.string().regex(/^[a-z][a-z0-9_-]{0,29}$/);

/** Every listed condition must hold for the trigger to match; a playbook attaches when any trigger matches. */
export const PlaybookTrigger = z
  .object({
    source: z.array(z.string()).min(1).optional(),
    service: z.array(z.string()).min(1).optional(),
    /** Incident severity. */
    severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
    /** Severity of an alert of the incident. */
    alert_severity: z.array(z.enum(ALERT_SEVERITIES)).min(1).optional(),
    priority: z.array(z.enum(PRIORITIES)).min(1).optional(),
    /** Every label must equal one alert's label. */
    labels: z.record(z.string(), z.string()).optional(),
    /** A technique or any of its sub-techniques (T1110 matches T1110.003). */
    techniques: z.array(Technique).min(1).optional(),
    /** ATT&CK tactic shortnames or ids (credential-access, TA0006). */
    tactics: z.array(z.string()).min(1).optional(),
    /** Case-insensitive text found anywhere in the incident or alert title (a substring: "down" also matches "shutdown"). */
    title_contains: z.array(z.string().min(2)).min(1).optional(),
  })
  .strict()
  .refine((t) => Object.keys(t).length > 0, 'a trigger needs at least one condition');
export type PlaybookTrigger = z.infer<typeof PlaybookTrigger>;

const StepBase = {
  id: Id,
  title: z.string().min(1).max(150),
  /** Markdown shown with the step. */
  instructions: z.string().max(3000).default(''),
  /** The role that does it; the lead may always complete it too. */
  owner: Role.default('lead'),
  depends_on: z.array(Id).default([]),
  evidence: z.enum(['required', 'optional']).default('optional'),
  /** Minutes from the start of the stage. */
  sla: z
    .number()
    .int()
    .positive()
    .max(60 * 24 * 30)
    .optional(),
};

export const PlaybookStep = z.discriminatedUnion('type', [
  z.object({ ...StepBase, type: z.literal('check') }).strict(),
  z
    .object({
      ...StepBase,
      type: z.literal('decision'),
      question: z.string().min(1).max(300),
      /** Each answer unlocks its `next` steps; steps only reachable through other answers become not applicable. */
      answers: z
        .array(z.object({ label: z.string().min(1).max(75), next: z.array(Id).default([]) }).strict())
        .min(2)
        .max(5),
    })
    .strict(),
  z
    .object({
      ...StepBase,
      type: z.literal('action'),
      /** Executor action name, e.g. isolate_host, disable_user, revoke_key, block_ip. */
      action: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
      /** Parameters; `{{incident.ref}}`, `{{alert.host}}`, `{{alert.user}}`, `{{alert.ip}}` are filled in. */
      params: z.record(z.string(), z.string()).default({}),
      /** Role whose holder (not the requester) must approve: four eyes. */
      approver: Role.default('lead'),
    })
    .strict(),
]);
export type PlaybookStep = z.infer<typeof PlaybookStep>;

export const PlaybookStage = z
  .object({
    id: z.enum(STAGE_IDS),
    title: z.string().min(1).max(100),
    // 20 steps keep a stage's checklist within Slack's 50 blocks per message (two blocks a step).
    steps: z.array(PlaybookStep).min(1).max(20),
  })
  .strict();
export type PlaybookStage = z.infer<typeof PlaybookStage>;

/** Regulatory or contractual deadlines (GDPR Art. 33: 72 h; NIS2 early warning: 24 h; SEC 8-K: 4 business days). */
export const PlaybookClock = z
  .object({
    id: Id,
    title: z.string().min(1).max(150),
    hours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
    business_days: z.number().int().positive().max(60).optional(),
    /** `attach` (when the playbook attaches) or `step:<id>` (when that step is done). */
    starts: z.union([z.literal('attach'), z.string().regex(/^step:[a-z0-9-]+$/)]).default('attach'),
    /** The step whose completion stops the clock (e.g. "authority notified"). */
    stops: Id.optional(),
  })
  .strict()
  .refine(
    (c) => (c.hours === undefined) !== (c.business_days === undefined),
    'give exactly one of hours or business_days',
  );
export type PlaybookClock = z.infer<typeof PlaybookClock>;

export const Playbook = z
  .object({
    id: Id,
    title: z.string().min(1).max(120),
    version: z.number().int().positive(),
    description: z.string().max(3000),
    /** ATT&CK techniques this playbook addresses. */
    attack: z.array(Technique).default([]),
    triggers: z.array(PlaybookTrigger).default([]),
    roles: z.array(Role).default(['lead']),
    stages: z.array(PlaybookStage).min(1),
    clocks: z.array(PlaybookClock).default([]),
  })
  .strict();
export type Playbook = z.infer<typeof Playbook>;
