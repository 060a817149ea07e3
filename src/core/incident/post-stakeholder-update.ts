import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { TimelineEntry } from '../timeline/timeline-event.js';
import { loadIncident } from './load-incident.js';
import { recordIncidentChange } from './record-incident-change.js';
import { requirePerson } from './require-person.js';

export const PostStakeholderUpdateInput = z.object({
  incidentId: z.number().int(),
  text: z.string().trim().min(3).max(3000),
});
export type PostStakeholderUpdateInput = z.input<typeof PostStakeholderUpdateInput>;

/**
 * What the comms role sends the rest of the company: posted in the war room and to the announcements channel (not for
 * drills), kept on the timeline, and it counts as a status update for the stale-status reminder. Allowed until the
 * incident is closed, so the "resolved" update goes out too.
 */
export function postStakeholderUpdate({ ctx, input }: { ctx: Ctx; input: PostStakeholderUpdateInput }): TimelineEntry {
  const parsed = PostStakeholderUpdateInput.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(
      (fmt) =>
        `Write the update after the command (3–3000 characters): ${fmt.command('update Checkout is failing over to the standby; next update 14:30')}.`,
    );
  const { incidentId, text } = parsed.data;
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    if (incident.status === 'closed')
      throw new ValidationError(`${incident.ref} is closed; its last update has gone out.`);
    const channel = incident.drillTag ? null : ctx.settings.announceChannel;
    const entry = recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'update.posted', payload: { text, channel, via: 'command' } },
      { header: false, post: true },
    );
    if (channel)
      enqueueDelivery(store, {
        key: `inc${incident.id}.update.${entry.seq}`,
        now: ctx.now(),
        intent: { type: 'announce.update', incidentId: incident.id, channel, seq: entry.seq },
      });
    return entry;
  });
}
