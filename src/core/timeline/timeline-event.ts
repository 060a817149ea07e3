import { z } from 'zod';
import { PRIORITIES, SEVERITIES, STATUSES } from '../incident/incident.js';
import { OpenWork } from '../incident/open-work.js';
import { EVIDENCE_KINDS } from '../evidence/evidence-item.js';
import { ACTION_KINDS, ACTION_LINK_KINDS, NOTE_KINDS, ROOT_CAUSE_CATEGORIES } from '../postmortem/postmortem.js';

/** Where a change came from: a typed command, a button, a modal/form, or an emoji reaction. */
const Via = z.enum(['command', 'button', 'form', 'reaction', 'system', 'alert']);

/** Every kind of timeline entry, `{entity}.{past-tense verb}`. Payloads are validated before they are hashed and stored. */
export const TimelineEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('incident.declared'),
    payload: z.object({
      ref: z.string(),
      title: z.string(),
      severity: z.enum(SEVERITIES),
      lead: z.string().nullable(),
      via: Via,
    }),
  }),
  z.object({ kind: z.literal('incident.acknowledged'), payload: z.object({ by: z.string(), via: Via }) }),
  z.object({
    kind: z.literal('status.changed'),
    // openWork: resolved with playbook work still open, confirmed by the person (what was open, for the record).
    payload: z.object({
      from: z.enum(STATUSES),
      to: z.enum(STATUSES),
      note: z.string().nullable(),
      via: Via,
      openWork: OpenWork.optional(),
    }),
  }),
  z.object({
    kind: z.literal('severity.changed'),
    payload: z.object({ from: z.enum(SEVERITIES), to: z.enum(SEVERITIES), via: Via }),
  }),
  z.object({
    kind: z.literal('lead.assigned'),
    payload: z.object({ from: z.string().nullable(), to: z.string(), via: Via }),
  }),
  z.object({
    kind: z.literal('role.assigned'),
    payload: z.object({ role: z.string(), from: z.string().nullable(), to: z.string(), via: Via }),
  }),
  z.object({ kind: z.literal('note.added'), payload: z.object({ text: z.string(), via: Via }) }),
  /** A stakeholder update: posted in the war room and to the announcements channel. */
  z.object({
    kind: z.literal('update.posted'),
    payload: z.object({ text: z.string(), channel: z.string().nullable(), via: Via }),
  }),
  z.object({
    kind: z.literal('bridge.set'),
    payload: z.object({ url: z.string().nullable(), previous: z.string().nullable(), via: Via }),
  }),
  z.object({
    kind: z.literal('message.pinned'),
    payload: z.object({ messageId: z.string(), author: z.string().nullable(), text: z.string(), via: Via }),
  }),
  z.object({
    kind: z.literal('warroom.opened'),
    payload: z.object({ channelId: z.string(), channelName: z.string() }),
  }),
  z.object({
    kind: z.literal('incident.closed'),
    // clocksEnded: regulatory clocks still running at the close (not recorded as met), which the close ended.
    payload: z.object({
      via: Via,
      clocksEnded: z.array(z.object({ title: z.string(), deadline: z.string() })).optional(),
    }),
  }),
  z.object({
    kind: z.literal('alert.received'),
    payload: z.object({
      alertId: z.number().int(),
      source: z.string(),
      fingerprint: z.string(),
      title: z.string(),
      severity: z.string(),
      priority: z.enum(PRIORITIES),
      /** Why it is in this incident: it opened it, or a grouping rule joined it. */
      reason: z.string(),
    }),
  }),
  /** One repeat of an alert (entries written before repeats were rolled up; see alerts.repeated). */
  z.object({
    kind: z.literal('alert.repeated'),
    payload: z.object({ alertId: z.number().int(), count: z.number().int() }),
  }),
  /**
   * Repeats of alerts already in the incident, rolled up: how many of each were received between `from` and `to`
   * (one entry a minute or so while they keep coming, not one per repeat). Every repeat is in exactly one such entry.
   */
  z.object({
    kind: z.literal('alerts.repeated'),
    payload: z.object({
      repeats: z.number().int().positive(),
      from: z.string(),
      to: z.string(),
      alerts: z.array(z.object({ alertId: z.number().int(), repeats: z.number().int().positive() })).min(1),
    }),
  }),
  z.object({ kind: z.literal('alert.resolved'), payload: z.object({ alertId: z.number().int(), title: z.string() }) }),
  z.object({
    kind: z.literal('playbook.attached'),
    payload: z.object({
      runId: z.number().int(),
      playbookId: z.string(),
      version: z.number().int(),
      title: z.string(),
      reason: z.string(),
    }),
  }),
  z.object({
    kind: z.literal('playbook.detached'),
    payload: z.object({ runId: z.number().int(), playbookId: z.string(), reason: z.string() }),
  }),
  z.object({
    kind: z.literal('step.claimed'),
    payload: z.object({ runId: z.number().int(), stepId: z.string(), title: z.string(), by: z.string(), via: Via }),
  }),
  z.object({
    kind: z.literal('step.completed'),
    payload: z.object({ runId: z.number().int(), stepId: z.string(), title: z.string(), via: Via }),
  }),
  z.object({
    kind: z.literal('step.skipped'),
    payload: z.object({ runId: z.number().int(), stepId: z.string(), title: z.string(), reason: z.string(), via: Via }),
  }),
  z.object({
    kind: z.literal('step.marked_na'),
    payload: z.object({ runId: z.number().int(), stepId: z.string(), title: z.string(), reason: z.string(), via: Via }),
  }),
  z.object({
    kind: z.literal('step.answered'),
    payload: z.object({
      runId: z.number().int(),
      stepId: z.string(),
      question: z.string(),
      answer: z.string(),
      ruledOut: z.array(z.string()),
      via: Via,
    }),
  }),
  z.object({
    kind: z.literal('stage.reopened'),
    payload: z.object({
      runId: z.number().int(),
      stageId: z.string(),
      reopenedSteps: z.array(z.string()),
      reason: z.string(),
      via: Via,
    }),
  }),
  z.object({
    kind: z.literal('action.requested'),
    payload: z.object({
      approvalId: z.number().int(),
      runId: z.number().int(),
      stepId: z.string(),
      action: z.string(),
      params: z.record(z.string(), z.string()),
      approverRole: z.string(),
    }),
  }),
  z.object({
    kind: z.literal('action.approved'),
    payload: z.object({ approvalId: z.number().int(), action: z.string() }),
  }),
  z.object({
    kind: z.literal('action.rejected'),
    payload: z.object({ approvalId: z.number().int(), action: z.string(), reason: z.string() }),
  }),
  z.object({
    kind: z.literal('action.executed'),
    payload: z.object({
      approvalId: z.number().int(),
      action: z.string(),
      executor: z.string(),
      ok: z.boolean(),
      detail: z.record(z.string(), z.unknown()),
    }),
  }),
  /** An item entered the evidence vault (its custody log says who handled it since). */
  z.object({
    kind: z.literal('evidence.added'),
    payload: z.object({
      itemId: z.number().int(),
      sha256: z.string(),
      kind: z.enum(EVIDENCE_KINDS),
      description: z.string(),
    }),
  }),
  z.object({
    kind: z.literal('incident.escalated'),
    payload: z.object({
      level: z.number().int(),
      afterMinutes: z.number().int(),
      group: z.string().nullable(),
      users: z.array(z.string()),
    }),
  }),
  z.object({
    kind: z.literal('clock.started'),
    payload: z.object({ clockId: z.number().int(), title: z.string(), deadline: z.string() }),
  }),
  z.object({
    kind: z.literal('clock.stopped'),
    payload: z.object({ clockId: z.number().int(), title: z.string(), by: z.string().nullable(), onTime: z.boolean() }),
  }),
  z.object({
    kind: z.literal('clock.missed'),
    payload: z.object({ clockId: z.number().int(), title: z.string(), deadline: z.string() }),
  }),
  /** Every alert of the incident is resolved: the lead is asked to resolve (never closed silently). */
  z.object({ kind: z.literal('alerts.all_resolved'), payload: z.object({ alerts: z.number().int() }) }),
  /** The storm guard (policy storm_guard) opened this incident instead of one more war room per alert. */
  z.object({
    kind: z.literal('storm.started'),
    payload: z.object({
      maxWarRooms: z.number().int(),
      windowMinutes: z.number(),
      alertId: z.number().int(),
      title: z.string(),
      service: z.string().nullable(),
    }),
  }),
  /** Alerts that joined the storm since the previous such entry: one entry per batch, not one per alert. */
  z.object({
    kind: z.literal('storm.alerts_joined'),
    payload: z.object({
      alerts: z.number().int(),
      total: z.number().int(),
      alertIds: z.array(z.number().int()),
      services: z.array(z.string()),
    }),
  }),
  /** "Declare separately": alerts of the storm moved into their own incident (on both incidents' timelines). */
  z.object({
    kind: z.literal('storm.split'),
    payload: z.object({
      from: z.string(),
      to: z.string(),
      what: z.string(),
      alertIds: z.array(z.number().int()),
      by: z.string(),
      via: Via,
    }),
  }),
  /** The 5 Whys postmortem (src/core/postmortem): every answer is its own entry, saved as it is given. */
  z.object({ kind: z.literal('postmortem.started'), payload: z.object({ problem: z.string(), via: Via }) }),
  z.object({ kind: z.literal('postmortem.problem_set'), payload: z.object({ problem: z.string(), via: Via }) }),
  z.object({
    kind: z.literal('postmortem.why_added'),
    payload: z.object({
      chain: z.number().int(),
      depth: z.number().int(),
      question: z.string(),
      answer: z.string(),
      via: Via,
    }),
  }),
  z.object({ kind: z.literal('postmortem.chain_started'), payload: z.object({ chain: z.number().int(), via: Via }) }),
  z.object({
    kind: z.literal('postmortem.category_set'),
    payload: z.object({ from: z.enum(ROOT_CAUSE_CATEGORIES).nullable(), to: z.enum(ROOT_CAUSE_CATEGORIES), via: Via }),
  }),
  z.object({
    kind: z.literal('postmortem.note_added'),
    payload: z.object({ kind: z.enum(NOTE_KINDS), text: z.string(), via: Via }),
  }),
  z.object({
    kind: z.literal('postmortem.finalized'),
    payload: z.object({
      category: z.enum(ROOT_CAUSE_CATEGORIES),
      chains: z.number().int(),
      whys: z.number().int(),
      actions: z.number().int(),
      via: Via,
    }),
  }),
  /** Corrective actions (not `action.*`: those are approvals of playbook actions). */
  z.object({
    kind: z.literal('corrective_action.added'),
    payload: z.object({
      number: z.number().int(),
      title: z.string(),
      owner: z.string(),
      due: z.string(),
      kind: z.enum(ACTION_KINDS),
      verification: z.string(),
      links: z.array(z.object({ kind: z.enum(ACTION_LINK_KINDS), ref: z.string() })),
    }),
  }),
  z.object({
    kind: z.literal('corrective_action.done'),
    payload: z.object({ number: z.number().int(), title: z.string(), evidence: z.string() }),
  }),
  z.object({
    kind: z.literal('corrective_action.verified'),
    payload: z.object({ number: z.number().int(), title: z.string(), owner: z.string() }),
  }),
  /** An earlier incident on the same service with the same root-cause category or ATT&CK technique (90 days). */
  z.object({
    kind: z.literal('recurrence.flagged'),
    payload: z.object({
      incidentId: z.number().int(),
      ref: z.string(),
      title: z.string(),
      declaredAt: z.string(),
      channelId: z.string().nullable(),
      channelName: z.string().nullable(),
      reasons: z.array(z.string()),
      postmortem: z.enum(['none', 'draft', 'finalized']),
      actions: z.array(
        z.object({
          number: z.number().int(),
          title: z.string(),
          status: z.enum(['open', 'done', 'verified']),
          owner: z.string(),
          due: z.string(),
        }),
      ),
    }),
  }),
]);
export type TimelineEvent = z.infer<typeof TimelineEvent>;
export type TimelineKind = TimelineEvent['kind'];
export type TimelineVia = z.infer<typeof Via>;

export interface TimelineEntry {
  id: number;
  incidentId: number;
  seq: number;
  /** ISO-8601 UTC. */
  at: string;
  /** JSON of the Actor. */
  actor: string;
  kind: string;
  /** JSON of the payload, exactly as hashed. */
  payload: string;
  prevHash: string;
  hash: string;
}
