import type { Ctx } from '../context.js';
import type { Incident, Priority } from '../incident/incident.js';
import type { Tier } from '../alert/catalog-types.js';
import type { Store } from '../store-port.js';

/** Where an alert that would open a war room goes: a room of its own, or the storm (null: start one). */
export type WarRoomDecision = { kind: 'own'; exempt: boolean } | { kind: 'storm'; storm: Incident | null };

/**
 * The storm guard (policy `storm_guard`): once more than `max_war_rooms` alerts would have opened war rooms within
 * `window_minutes`, the next ones join one storm incident, because 200 rooms paced at Slack's ~20 channel creations a
 * minute drown responders and the last room opens ten minutes late. P1 alerts of tier-1 services still get their own
 * room at once. Alerts that joined the storm count in the rate too, so the storm lasts until the rate falls back.
 */
export function decideWarRoom(
  store: Store,
  ctx: Ctx,
  alert: { priority: Priority; tier: Tier | null },
): WarRoomDecision {
  const guard = ctx.settings.alertPolicy.storm_guard;
  if (!guard.enabled) return { kind: 'own', exempt: false };
  const since = new Date(ctx.now().getTime() - guard.window_minutes * 60_000).toISOString();
  if (store.storms.demandsSince(since) < guard.max_war_rooms) return { kind: 'own', exempt: false };
  if (alert.priority === 'P1' && alert.tier === 1) return { kind: 'own', exempt: true };
  // The storm still going on (joined within the window, not resolved by people meanwhile); else a new one.
  const latest = store.storms.latest();
  const incident = latest && latest.lastJoinedAt >= since ? store.incidents.byId(latest.incidentId) : null;
  return {
    kind: 'storm',
    storm: incident && incident.status !== 'resolved' && incident.status !== 'closed' ? incident : null,
  };
}
