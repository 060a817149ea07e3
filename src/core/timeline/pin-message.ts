import { z } from 'zod';
import type { Ctx } from '../context.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import type { TimelineEntry } from './timeline-event.js';

export const PinMessageInput = z.object({
  incidentId: z.number().int(),
  messageId: z.string().min(1),
  author: z.string().nullable(),
  text: z.string().max(40_000),
  /** A pin reaction (Slack, the sandbox), or a message action from the message's menu (Teams). */
  via: z.enum(['reaction', 'button']).default('reaction'),
});
export type PinMessageInput = z.input<typeof PinMessageInput>;

/**
 * Adds a chat message to the timeline (the :pushpin: reaction, or Teams' "Add to timeline" on the message). Pinning
 * the same message twice records it once.
 * Returns null when it was pinned already.
 */
export function pinMessage({ ctx, input }: { ctx: Ctx; input: PinMessageInput }): TimelineEntry | null {
  const { incidentId, messageId, author, text, via } = PinMessageInput.parse(input);
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    if (!store.requests.claim(`pin:${incident.id}:${messageId}`, ctx.now())) return null;
    return recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'message.pinned', payload: { messageId, author, text, via } },
      { header: false },
    );
  });
}
