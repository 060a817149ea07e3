import { subDays } from 'date-fns';
import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import { CATEGORY_LABELS } from './postmortem.js';
import type { RecurrencePayload } from './describe-recurrence.js';

/** How far back an earlier incident counts as the same problem coming back. */
export const RECURRENCE_WINDOW_DAYS = 90;
/** Enough of an earlier postmortem's actions for a chat message; the export has all of them. */
const MAX_ACTIONS_SHOWN = 10;

/** ATT&CK techniques of an incident's alerts, as base techniques (T1110.003 and T1110.001 are both Brute Force). */
function baseTechniques(store: Store, incidentId: number): Set<string> {
  const ids = store.alerts
    .forIncident(incidentId)
    .flatMap((a) => (JSON.parse(a.normalized) as { attackTechniques?: string[] }).attackTechniques ?? []);
  return new Set(ids.map((t) => t.split('.')[0] ?? t));
}

/**
 * Earlier incidents (90 days) on the same service with the same root-cause category or ATT&CK technique, with
 * their postmortem's state and corrective actions. Drills neither recur nor count as earlier incidents.
 */
export function findRecurrences(store: Store, incident: Incident): RecurrencePayload[] {
  if (!incident.service || incident.drillTag) return [];
  const declared = new Date(incident.declaredAt);
  const candidates = store.postmortems
    .incidentsOnService(incident.service, subDays(declared, RECURRENCE_WINDOW_DAYS).toISOString(), incident.declaredAt)
    .filter((c) => c.id !== incident.id && c.drillTag === null);
  if (candidates.length === 0) return [];
  const category = store.postmortems.forIncident(incident.id)?.category ?? null;
  const techniques = baseTechniques(store, incident.id);
  const found: RecurrencePayload[] = [];
  for (const earlier of candidates) {
    const postmortem = store.postmortems.forIncident(earlier.id);
    const reasons: string[] = [];
    if (category && postmortem?.category === category)
      reasons.push(`root-cause category (${CATEGORY_LABELS[category]})`);
    const shared = [...baseTechniques(store, earlier.id)].filter((t) => techniques.has(t)).sort();
    if (shared.length > 0) reasons.push(`ATT&CK technique${shared.length > 1 ? 's' : ''} ${shared.join(', ')}`);
    if (reasons.length === 0) continue;
    const actions = postmortem ? store.postmortems.actions(postmortem.id) : [];
    found.push({
      incidentId: earlier.id,
      ref: earlier.ref,
      title: earlier.title,
      declaredAt: earlier.declaredAt,
      channelId: earlier.channelId,
      channelName: earlier.channelName,
      reasons: [`service (${earlier.service ?? incident.service})`, ...reasons],
      postmortem: postmortem ? postmortem.state : 'none',
      actions: actions
        .slice(0, MAX_ACTIONS_SHOWN)
        .map((a) => ({ number: a.number, title: a.title, status: a.status, owner: a.ownerId, due: a.dueDate })),
    });
  }
  return found;
}
