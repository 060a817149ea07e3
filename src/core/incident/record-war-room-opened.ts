import { z } from 'zod';
import type { Ctx } from '../context.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Incident } from './incident.js';
import { loadIncident } from './load-incident.js';
import { recordIncidentChange } from './record-incident-change.js';

export const RecordWarRoomOpenedInput = z.object({
  incidentId: z.number().int(),
  channelId: z.string().min(1),
  channelName: z.string().min(1),
});
export type RecordWarRoomOpenedInput = z.input<typeof RecordWarRoomOpenedInput>;

/** Called by the delivery side once the platform created the channel; later deliveries post into it, and it is announced. */
export function recordWarRoomOpened({ ctx, input }: { ctx: Ctx; input: RecordWarRoomOpenedInput }): Incident {
  const { incidentId, channelId, channelName } = RecordWarRoomOpenedInput.parse(input);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    if (incident.channelId === channelId) return incident;
    const updated = store.incidents.update(incident.id, { channelId, channelName, updatedAt: ctx.now().toISOString() });
    recordIncidentChange(
      store,
      ctx,
      updated,
      { kind: 'warroom.opened', payload: { channelId, channelName } },
      { header: false },
    );
    // Announced once the room exists, so the announcement can link to it.
    const announce = ctx.settings.announceChannel;
    if (announce && !updated.drillTag) {
      enqueueDelivery(store, {
        key: `inc${incident.id}.announce`,
        now: ctx.now(),
        intent: { type: 'announce', incidentId: incident.id, channel: announce },
      });
    }
    return updated;
  });
}

/** Remembers the header message so later changes edit it in place rather than posting a new one. */
export function rememberHeaderMessage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { incidentId: number; messageId: string };
}): void {
  ctx.store.incidents.update(input.incidentId, { headerMessageId: input.messageId });
}

/** Remembers the rolled-up alert message so a storm edits it instead of posting again. */
export function rememberAlertsMessage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { incidentId: number; messageId: string };
}): void {
  ctx.store.incidents.update(input.incidentId, { alertsMessageId: input.messageId });
}
