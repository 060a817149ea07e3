import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ValidationError, type WarroomError } from '../errors.js';
import type { Incident, IncidentStatus } from './incident.js';
import { loadIncident } from './load-incident.js';
import { recordIncidentChange } from './record-incident-change.js';
import { closedRefusal } from './require-open.js';
import { requirePerson } from './require-person.js';
import { queuePostmortemPrompt } from '../postmortem/queue-postmortem-prompt.js';
import { recordCheckpoint } from '../timeline/record-checkpoint.js';
import { findOpenWork } from './find-open-work.js';
import { hasOpenWork } from './open-work.js';
import { OpenWorkError } from './open-work-error.js';
import { rollUpRepeats } from '../alert/roll-up-repeats.js';

/** Statuses a person can set with `/incident status`. `declared` is only the start, `closed` has its own command. */
export const SETTABLE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export const ChangeStatusInput = z.object({
  incidentId: z.number().int(),
  status: z.enum(SETTABLE_STATUSES),
  note: z.string().trim().max(2000).nullable().default(null),
  via: z.enum(['command', 'button', 'form']).default('command'),
  /** The person saw what playbook work is still open and resolves anyway; it is recorded with the change. */
  confirmOpenWork: z.boolean().default(false),
});
export type ChangeStatusInput = z.input<typeof ChangeStatusInput>;

const RANK: Record<IncidentStatus, number> = {
  declared: 0,
  investigating: 1,
  identified: 2,
  monitoring: 3,
  resolved: 4,
  closed: 5,
};

/** Why the incident cannot move to `status` now (closed, or already there), or null when it can. */
export function statusRefusal(incident: Incident, status: SettableStatus): WarroomError | null {
  return (
    closedRefusal(incident) ??
    (incident.status === status ? new ConflictError(`${incident.ref} is already ${status}.`) : null)
  );
}

/**
 * Moves the incident along declared → investigating → identified → monitoring → resolved.
 * Going back is allowed (a fix that did not hold; a resolved incident that recurs), and clears the later timestamps.
 * Every change signs a timeline checkpoint, which the war-room header then shows.
 * Resolving while attached playbooks still have open steps or unstarted stages throws OpenWorkError unless
 * `confirmOpenWork`; confirmed, the open work is recorded on the status.changed entry.
 */
export function changeStatus({ ctx, input }: { ctx: Ctx; input: ChangeStatusInput }): Incident {
  const parsed = ChangeStatusInput.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      (fmt) =>
        `Status must be one of: ${SETTABLE_STATUSES.join(', ')}. Example: ${fmt.command('status identified bad deploy of api')}.`,
    );
  }
  const { incidentId, status, note, via, confirmOpenWork } = parsed.data;
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const refusal = statusRefusal(incident, status);
    if (refusal) throw refusal;
    // Resolving with containment still open is sometimes right, but never by accident: ask first, then record it.
    const openWork = status === 'resolved' ? findOpenWork(store, incident.id) : null;
    if (openWork && hasOpenWork(openWork) && !confirmOpenWork)
      throw new OpenWorkError(incident.ref, incident.id, openWork);
    // At the resolve, the repeats counted so far go on the timeline first (the resolve's checkpoint covers them).
    if (status === 'resolved') rollUpRepeats(store, ctx, incident);
    const now = ctx.now().toISOString();
    const changes: Partial<Incident> = { status, updatedAt: now };
    // Any human status change counts as acknowledgement.
    if (!incident.acknowledgedAt) changes.acknowledgedAt = now;
    if (RANK[status] >= RANK.monitoring && !incident.mitigatedAt) changes.mitigatedAt = now;
    if (status === 'resolved') changes.resolvedAt = now;
    if (RANK[status] < RANK.resolved) changes.resolvedAt = null;
    if (RANK[status] < RANK.monitoring) changes.mitigatedAt = null;
    const updated = store.incidents.update(incident.id, changes);
    if (!incident.acknowledgedAt) {
      recordIncidentChange(
        store,
        ctx,
        updated,
        { kind: 'incident.acknowledged', payload: { by: requirePerson(ctx.actor), via } },
        { header: false },
      );
    }
    const openAtResolve = openWork && hasOpenWork(openWork) ? { openWork } : {};
    recordIncidentChange(
      store,
      ctx,
      updated,
      { kind: 'status.changed', payload: { from: incident.status, to: status, note, via, ...openAtResolve } },
      { post: true },
    );
    recordCheckpoint(store, ctx, updated);
    if (status === 'resolved') queuePostmortemPrompt(store, updated, ctx.now());
    return updated;
  });
}
