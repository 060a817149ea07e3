import { z } from 'zod';
import { PRIORITIES, type Priority, type Severity } from '../incident/incident.js';
import type { Tier } from './catalog-types.js';
import { ALERT_SEVERITIES, type AlertSeverity } from './normalized-alert.js';

const Row = z.tuple([z.enum(PRIORITIES), z.enum(PRIORITIES), z.enum(PRIORITIES), z.enum(PRIORITIES)]);

/**
 * Priority = alert severity × criticality tier. Rows are severities, columns tiers 1..4.
 * Which priorities open a war room at once; the rest wait in triage for a person.
 */
export const AlertPolicy = z
  .object({
    priority: z
      .object({
        matrix: z.object({ critical: Row, high: Row, medium: Row, low: Row, info: Row }).strict(),
        /** Tier assumed when the catalog does not know the service or asset. */
        unknown_tier: z.number().int().min(1).max(4).default(3),
      })
      .strict(),
    war_room_priorities: z.array(z.enum(PRIORITIES)).default(['P1', 'P2']),
    /** Channel id or name where below-threshold alerts wait for a decision (Slack resolves a name at start, creating it if missing). */
    triage_channel: z.string().min(1).default('triage'),
    /** New alerts join an open incident when every listed field matches an alert it already has, within the window. */
    grouping: z
      .array(
        z
          .object({
            by: z.array(z.enum(['service', 'host', 'source', 'title'])).min(1),
            window_minutes: z
              .number()
              .positive()
              .max(24 * 60),
          })
          .strict(),
      )
      .default([{ by: ['service'], window_minutes: 10 }]),
    /**
     * When more than `max_war_rooms` alerts would open war rooms within `window_minutes`, further ones join one storm
     * incident instead (P1 alerts of tier-1 services still get their own room). Slack creates ~20 channels a minute.
     */
    storm_guard: z
      .object({
        enabled: z.boolean().default(true),
        max_war_rooms: z.number().int().min(1).max(1000).default(5),
        window_minutes: z
          .number()
          .positive()
          .max(24 * 60)
          .default(2),
      })
      .strict()
      .default({ enabled: true, max_war_rooms: 5, window_minutes: 2 }),
    /** Nudges in active war rooms; 0 turns one off. */
    reminders: z
      .object({
        /** Minutes without a status update (or note) before the war room is reminded, per severity. */
        status_update_minutes: z
          .object({
            sev1: z.number().int().min(0),
            sev2: z.number().int().min(0),
            sev3: z.number().int().min(0),
            sev4: z.number().int().min(0),
          })
          .strict()
          .default({ sev1: 15, sev2: 30, sev3: 60, sev4: 0 }),
        /** Page the service's escalation levels while an incident stays unacknowledged. */
        escalate_unacknowledged: z.boolean().default(true),
        /** Remind the step's owner role when a step passes its SLA, then the lead after the same time again. */
        step_sla: z.boolean().default(true),
        /** Local time (WARROOM_TIME_ZONE) of the daily direct message to owners of overdue corrective actions; null: off. */
        overdue_actions_at: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00')
          .nullable()
          .default('09:00'),
        /** A weekly digest (open incidents, overdue actions, response times) to this channel; no channel: off. */
        weekly_digest: z
          .object({
            channel: z.string().min(1).nullable().default(null),
            day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).default('mon'),
            at: z
              .string()
              .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00')
              .default('09:00'),
          })
          .strict()
          .default({ channel: null, day: 'mon', at: '09:00' }),
      })
      .strict()
      .default({
        status_update_minutes: { sev1: 15, sev2: 30, sev3: 60, sev4: 0 },
        escalate_unacknowledged: true,
        step_sla: true,
        overdue_actions_at: '09:00',
        weekly_digest: { channel: null, day: 'mon', at: '09:00' },
      }),
  })
  .strict();
export type AlertPolicy = z.infer<typeof AlertPolicy>;

export const DEFAULT_ALERT_POLICY: AlertPolicy = AlertPolicy.parse({
  priority: {
    matrix: {
      critical: ['P1', 'P1', 'P2', 'P3'],
      high: ['P1', 'P2', 'P3', 'P3'],
      medium: ['P2', 'P3', 'P3', 'P4'],
      low: ['P3', 'P4', 'P4', 'P4'],
      info: ['P4', 'P4', 'P4', 'P4'],
    },
  },
});

export function scorePriority(policy: AlertPolicy, severity: AlertSeverity, tier: Tier | null): Priority {
  const row = policy.priority.matrix[severity];
  return row[(tier ?? policy.priority.unknown_tier) - 1] as Priority;
}

/** An alert-opened incident's severity follows its priority: P1 → SEV1 … P4 → SEV4. */
export function severityForPriority(priority: Priority): Severity {
  return `sev${priority.slice(1)}` as Severity;
}

export { ALERT_SEVERITIES };
