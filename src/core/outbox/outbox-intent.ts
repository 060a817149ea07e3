import { z } from 'zod';

/**
 * What the chat side must do, in platform-neutral terms. Adapters render these at send time from the current state,
 * so a header refresh always shows the latest incident and a delayed delivery never shows stale data.
 */
export const OutboxIntent = z.discriminatedUnion('type', [
  /** Create the war-room channel, set topic/purpose, invite the declarer. */
  z.object({ type: z.literal('warroom.open'), incidentId: z.number().int() }),
  /** Post the header message, or edit it in place once it exists. */
  z.object({ type: z.literal('warroom.header'), incidentId: z.number().int() }),
  z.object({ type: z.literal('warroom.invite'), incidentId: z.number().int(), userIds: z.array(z.string()).min(1) }),
  /** Post one timeline entry to the war room as a message. */
  z.object({ type: z.literal('warroom.post'), incidentId: z.number().int(), seq: z.number().int() }),
  /** Catch a newcomer up, visible only to them. */
  z.object({
    type: z.literal('warroom.brief'),
    incidentId: z.number().int(),
    userId: z.string().min(1),
    handover: z.boolean().optional(),
  }),
  /** The war room's one rolled-up alert message ("1,532 alerts, last 09:41:03"), posted once and edited in place. */
  z.object({ type: z.literal('warroom.alerts'), incidentId: z.number().int() }),
  /** All alerts resolved: ask the lead, with a Resolve button. */
  z.object({ type: z.literal('warroom.resolve_prompt'), incidentId: z.number().int() }),
  /** Page the owning team: mention and invite its on-call group. */
  z.object({
    type: z.literal('warroom.page'),
    incidentId: z.number().int(),
    group: z.string().nullable(),
    users: z.array(z.string()),
  }),
  /** A below-threshold alert in the triage channel, with Declare incident / Dismiss; edited when decided or resolved. */
  z.object({ type: z.literal('triage.post'), alertId: z.number().int(), channel: z.string() }),
  /** A playbook stage's checklist, posted once and edited in place. */
  z.object({
    type: z.literal('playbook.stage'),
    incidentId: z.number().int(),
    runId: z.number().int(),
    stageId: z.string(),
  }),
  /** An approval request with Approve / Reject, edited as it is decided and run. */
  z.object({ type: z.literal('approval.post'), incidentId: z.number().int(), approvalId: z.number().int() }),
  /** A nudge posted in the war room: a stale status, a clock at 50 %, 90 % or its deadline, an overdue step. */
  z.object({
    type: z.literal('warroom.reminder'),
    incidentId: z.number().int(),
    reminder: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('status'), minutes: z.number().int() }),
      z.object({ kind: z.literal('clock'), clockId: z.number().int(), percent: z.number().int() }),
      z.object({
        kind: z.literal('step-sla'),
        runId: z.number().int(),
        stepId: z.string(),
        to: z.enum(['owner', 'lead']),
      }),
    ]),
  }),
  /** The incident is resolved: ask the war room for its postmortem, with a Start postmortem button. */
  z.object({ type: z.literal('postmortem.prompt'), incidentId: z.number().int() }),
  /** The finalized postmortem's Markdown, uploaded to the war room as a file. */
  z.object({ type: z.literal('postmortem.file'), incidentId: z.number().int() }),
  /** A direct message: the daily nudge to the owner of an overdue corrective action. */
  z.object({ type: z.literal('direct.overdue_action'), userId: z.string().min(1), actionId: z.number().int() }),
  /** The weekly digest: open incidents, overdue actions, response times. */
  z.object({ type: z.literal('digest.post'), channel: z.string().min(1), days: z.number().int() }),
  /** Tell the announcements channel about a new incident. */
  z.object({ type: z.literal('announce'), incidentId: z.number().int(), channel: z.string() }),
  /** A stakeholder update (timeline entry `seq`) for the announcements channel. */
  z.object({
    type: z.literal('announce.update'),
    incidentId: z.number().int(),
    channel: z.string(),
    seq: z.number().int(),
  }),
]);
export type OutboxIntent = z.infer<typeof OutboxIntent>;

export interface OutboxRow {
  id: number;
  idempotencyKey: string;
  destination: string;
  incidentId: number | null;
  intent: string;
  /** `discarded`: a dead row an operator gave up on (warroom outbox discard). */
  status: 'pending' | 'sent' | 'superseded' | 'dead' | 'discarded';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** See coalesceKey; null for intents that must all be sent. */
  coalesceKey: string | null;
  /** A roll-up redraw not taken by the dispatcher yet: outside its queue's order until then (epoch ms); else null. */
  heldUntil: number | null;
}

/** Queue key: one ordered queue per war room, and one for the announcements channel, so a slow one delays no other. */
export function destinationOf(intent: OutboxIntent): string {
  if (
    intent.type === 'announce' ||
    intent.type === 'announce.update' ||
    intent.type === 'triage.post' ||
    intent.type === 'digest.post'
  )
    return `channel:${intent.channel}`;
  if (intent.type === 'direct.overdue_action') return `user:${intent.userId}`;
  return `incident:${intent.incidentId}`;
}

/** Intents that re-render current state; a later one with the same key makes an earlier one redundant. */
export function coalesceKey(intent: OutboxIntent): string | null {
  if (intent.type === 'warroom.header' || intent.type === 'warroom.alerts')
    return `${intent.type}:${intent.incidentId}`;
  if (intent.type === 'triage.post') return `${intent.type}:${intent.alertId}`;
  if (intent.type === 'approval.post') return `${intent.type}:${intent.approvalId}`;
  if (intent.type === 'playbook.stage') return `${intent.type}:${intent.runId}:${intent.stageId}`;
  return null;
}
