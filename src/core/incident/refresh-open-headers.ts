import type { Ctx } from '../context.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';

/**
 * Queues a header re-render for every open war room, so "open for 40 minutes" stays true between changes.
 * The key holds the minute, so overlapping runs in that minute queue nothing twice; the outbox collapses headers.
 * Returns how many were queued.
 */
export function refreshOpenHeaders({ ctx }: { ctx: Ctx }): number {
  const now = ctx.now();
  const minute = now.toISOString().slice(0, 16);
  return ctx.store.transaction((store) => {
    const open = store.incidents.listOpen().filter((i) => i.channelId !== null);
    for (const incident of open) {
      enqueueDelivery(store, {
        key: `inc${incident.id}.refresh.${minute}`,
        now,
        intent: { type: 'warroom.header', incidentId: incident.id },
      });
    }
    return open.length;
  });
}
