// What the day-in-the-life journey expects on every surface (test/adapters/slack/incident-journey.test.ts and
// test/adapters/teams/teams-journey.test.ts): the same alert, the same open work at resolve, the same story.
import { readFileSync } from 'node:fs';

/** What the service-outage playbook still has open when the lead resolves in phase 4. */
export const OPEN_AT_RESOLVE =
  '2 recovery steps are still open: Verify recovery with metrics, Post the resolved status update; later stages never started: Learn from it (2 steps).';
export const OPEN_WORK = {
  steps: [
    {
      playbookId: 'service-outage',
      stage: 'recovery',
      stepId: 'verify-recovery',
      title: 'Verify recovery with metrics',
    },
    {
      playbookId: 'service-outage',
      stage: 'recovery',
      stepId: 'status-page-resolved',
      title: 'Post the resolved status update',
    },
  ],
  stages: [{ playbookId: 'service-outage', stage: 'post-incident', title: 'Learn from it', steps: 2 }],
};

/** The fixture, firing now: both alerts started 4 minutes ago, so the header's detection times are predictable. */
export function firingAlerts(): string {
  const payload = JSON.parse(
    readFileSync(new URL('../fixtures/alerts/alertmanager/firing-group.json', import.meta.url), 'utf8'),
  ) as { alerts: Array<{ startsAt: string }> };
  const startsAt = new Date(Date.now() - 4 * 60_000).toISOString();
  for (const alert of payload.alerts) alert.startsAt = startsAt;
  return JSON.stringify(payload);
}

/** The first six entries, in any order (they are written in one transaction with the same time). */
export const OPENING_KINDS = [
  'alert.received',
  'alert.received',
  'bridge.set',
  'incident.declared',
  'playbook.attached',
  'warroom.opened',
];

/** Everything after the opening, in the order it happened. */
export const DAY_KINDS = [
  'incident.acknowledged',
  'lead.assigned',
  'status.changed',
  'role.assigned',
  'role.assigned',
  'step.claimed',
  'step.completed',
  'step.completed',
  'step.answered',
  'step.completed',
  'action.requested',
  'action.approved',
  'action.executed',
  'evidence.added',
  'step.completed',
  'status.changed',
  'status.changed',
  'note.added',
  'message.pinned',
  'status.changed',
  'postmortem.started',
  'postmortem.problem_set',
  'postmortem.why_added',
  'postmortem.why_added',
  'postmortem.category_set',
  'postmortem.finalized',
  'corrective_action.added',
  'corrective_action.done',
  'corrective_action.verified',
  'incident.closed',
];
