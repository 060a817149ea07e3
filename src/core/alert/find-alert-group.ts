import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import type { NormalizedAlert } from './normalized-alert.js';
import type { AlertPolicy } from './priority-policy.js';

type GroupField = AlertPolicy['grouping'][number]['by'][number];

function fieldOf(field: GroupField, service: string | null, alert: NormalizedAlert): string | null {
  switch (field) {
    case 'service':
      return service?.toLowerCase() ?? null;
    case 'host':
      return alert.asset.host?.toLowerCase() ?? null;
    case 'source':
      return alert.source;
    case 'title':
      return alert.title;
  }
}

/**
 * The open incident a new alert belongs to under the grouping rules (every field of a rule equal to one of the
 * incident's alerts received inside the rule's window), with the rule that matched. Unknown fields never match.
 */
export function findAlertGroup(
  store: Store,
  policy: AlertPolicy,
  candidate: { alert: NormalizedAlert; service: string | null },
  now: Date,
): { incident: Incident; rule: string } | null {
  for (const rule of policy.grouping) {
    const since = new Date(now.getTime() - rule.window_minutes * 60_000).toISOString();
    const wanted = rule.by.map((f) => fieldOf(f, candidate.service, candidate.alert));
    if (wanted.some((v) => v === null)) continue;
    for (const row of store.alerts.recentInOpenIncidents(since)) {
      const other = JSON.parse(row.normalized) as NormalizedAlert;
      if (!rule.by.every((f, i) => fieldOf(f, row.service, other) === wanted[i])) continue;
      const incident = row.incidentId ? store.incidents.byId(row.incidentId) : null;
      // Real alerts never join a drill's war room.
      if (incident && !incident.drillTag)
        return { incident, rule: `same ${rule.by.join(' + ')} within ${rule.window_minutes} min` };
    }
  }
  return null;
}
