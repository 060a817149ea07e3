import type { AlertRecord } from '../alert/alert-record.js';
import type { Incident, RoleAssignment } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import type { TimelineEntry } from '../timeline/timeline-event.js';
import type { CorrectiveAction, Postmortem, PostmortemNote, PostmortemWhy } from './postmortem.js';

/** Everything the Markdown shows, read in one go (inside the finalizing transaction, or by an export). */
export interface PostmortemReport {
  incident: Incident;
  postmortem: Postmortem;
  whys: PostmortemWhy[];
  notes: PostmortemNote[];
  actions: CorrectiveAction[];
  roles: RoleAssignment[];
  timeline: TimelineEntry[];
  alerts: AlertRecord[];
  /** Names of the people warroom has seen, by user id (the people directory), to name people instead of ids. */
  people: ReadonlyMap<string, string>;
}

export function loadPostmortemReport(store: Store, incident: Incident, postmortem: Postmortem): PostmortemReport {
  return {
    incident,
    postmortem,
    whys: store.postmortems.whys(postmortem.id),
    notes: store.postmortems.notes(postmortem.id),
    actions: store.postmortems.actions(postmortem.id),
    roles: store.roles.forIncident(incident.id),
    timeline: store.timeline.forIncident(incident.id),
    alerts: store.alerts.forIncident(incident.id),
    // The whole directory: it holds only people warroom has seen, and ids hide in many timeline payloads.
    people: store.people.all(),
  };
}
