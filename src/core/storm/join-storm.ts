import type { Ctx } from '../context.js';
import type { AlertRecord } from '../alert/alert-record.js';
import type { Incident } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Store } from '../store-port.js';
import { rollUpStormJoins } from './roll-up-storm-joins.js';

/**
 * An alert joins the storm incident (it tipped the rate and started it, it would have opened a room of its own, or a
 * grouping rule put it there). The timeline gets the start at once and later joins in rolled-up batches; the war
 * room's one rolled-up alert message is re-rendered (edits collapse and follow the storm budget, never one per alert).
 */
export function joinStorm(
  store: Store,
  ctx: Ctx,
  args: { incident: Incident; alert: AlertRecord; how: 'started' | 'stormed' | 'grouped' },
): void {
  const { incident, alert } = args;
  const storm = store.storms.byIncident(incident.id);
  if (!storm) throw new Error(`${incident.ref} is not a storm incident`);
  const now = ctx.now().toISOString();
  const started = args.how === 'started';
  store.storms.recordDemand({
    alertId: alert.id,
    incidentId: incident.id,
    outcome: args.how === 'grouped' ? 'grouped' : 'stormed',
    at: now,
    recorded: started,
  });
  store.storms.update(incident.id, { lastJoinedAt: now, joined: storm.joined + 1 });
  if (started) {
    recordIncidentChange(
      store,
      ctx,
      incident,
      {
        kind: 'storm.started',
        payload: {
          maxWarRooms: storm.maxWarRooms,
          windowMinutes: storm.windowMinutes,
          alertId: alert.id,
          title: alert.title,
          service: alert.service,
        },
      },
      { header: false, post: true },
    );
  } else {
    rollUpStormJoins(store, ctx, incident);
  }
  // Edited on the storm budget's widening interval: a storm of any length costs its room a few dozen edits at most.
  enqueueDelivery(store, {
    key: `inc${incident.id}.storm.a${alert.id}`,
    now: ctx.now(),
    intent: { type: 'warroom.alerts', incidentId: incident.id },
    rollUp: true,
  });
}
