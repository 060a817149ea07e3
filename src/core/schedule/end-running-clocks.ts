import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import type { IncidentClock } from './incident-clock.js';

/**
 * Closing ends the incident's clocks still running (not stopped by their step, not missed). Resolving does not:
 * a notification duty (GDPR Art. 33's 72 hours, NIS2's 24 and 72) runs from awareness whether or not the fix is in,
 * so a resolved incident keeps reminding until the step is done or the deadline passes. A closed incident's timeline
 * is sealed by its final checkpoint, so no reminder or miss can follow; the deadline still decides kept or missed in
 * the stats. Returns the clocks ended, for the close's timeline entry.
 */
export function endRunningClocks(store: Store, incident: Incident, at: Date): IncidentClock[] {
  return store.schedules
    .clocksFor(incident.id)
    .filter((c) => !c.stoppedAt && !c.missedAt && !c.endedAt)
    .map((c) => store.schedules.updateClock(c.id, { endedAt: at.toISOString(), remindAt: null }));
}
