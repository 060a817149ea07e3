import type { Ctx } from '../context.js';
import type { Incident } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import type { Store } from '../store-port.js';

/** How long repeats are counted before they go on the timeline as one entry ("+1,240 repeats 10:02–10:03"). */
export const REPEAT_ROLL_UP_MS = 60_000;
/** Alerts named in one entry at most (a storm's alerts may all repeat; a hundred per entry keeps each one readable). */
export const REPEAT_ROLL_UP_BATCH = 100;

/**
 * Counts one repeat of an alert of an open incident for its timeline (inside the routing transaction); once the
 * repeats counted for the incident span a minute, they go on its timeline. The alert's own receivedCount is counted
 * apart, exactly, by the caller.
 */
export function countRepeat(
  store: Store,
  ctx: Ctx,
  args: { incident: Incident; alertId: number; receivedAt: string; count?: number },
): void {
  const tally = store.repeats.count(args.incident.id, args.alertId, args.receivedAt, args.count);
  if (Date.parse(args.receivedAt) - Date.parse(tally.firstAt) >= REPEAT_ROLL_UP_MS)
    rollUpRepeats(store, ctx, args.incident);
}

/**
 * Writes the incident's counted repeats on its timeline as `alerts.repeated` entries, in the caller's transaction,
 * and forgets the counts written: both commit or neither, so a crash between never loses or doubles a repeat. Called
 * when a minute of repeats is counted, by the scheduler for repeats that stopped coming, and before anything that
 * should come after them on the timeline (the alert's resolve, the incident's resolve and close).
 */
export function rollUpRepeats(store: Store, ctx: Ctx, incident: Incident): number {
  const tallies = store.repeats.forIncident(incident.id);
  let written = 0;
  for (let i = 0; i < tallies.length; i += REPEAT_ROLL_UP_BATCH) {
    const batch = tallies.slice(i, i + REPEAT_ROLL_UP_BATCH);
    const from = batch.map((t) => t.firstAt).reduce((a, b) => (b < a ? b : a));
    const to = batch.map((t) => t.lastAt).reduce((a, b) => (b > a ? b : a));
    recordIncidentChange(
      store,
      ctx,
      incident,
      {
        kind: 'alerts.repeated',
        payload: {
          repeats: batch.reduce((n, t) => n + t.repeats, 0),
          from,
          to,
          alerts: batch.map((t) => ({ alertId: t.alertId, repeats: t.repeats })),
        },
      },
      { header: false },
    );
    store.repeats.clear(
      incident.id,
      batch.map((t) => t.alertId),
    );
    written += 1;
  }
  return written;
}

/** The scheduler's pass: repeats that stopped coming still go on the timeline once their minute is over. */
export function rollUpQuietRepeats(store: Store, ctx: Ctx): number {
  const before = new Date(ctx.now().getTime() - REPEAT_ROLL_UP_MS).toISOString();
  let written = 0;
  for (const incidentId of store.repeats.incidentsDue(before)) {
    const incident = store.incidents.byId(incidentId);
    if (incident) written += rollUpRepeats(store, ctx, incident);
  }
  return written;
}
