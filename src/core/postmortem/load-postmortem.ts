import { ConflictError, NotFoundError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import type { Postmortem } from './postmortem.js';

/** The incident's postmortem, or an error saying how to start one. */
export function loadPostmortem(store: Store, incident: Incident): Postmortem {
  const postmortem = store.postmortems.forIncident(incident.id);
  if (!postmortem) {
    throw new NotFoundError(
      (fmt) =>
        `${incident.ref} has no postmortem yet. Start it with ${fmt.command('postmortem')} (or the ${fmt.bold('Start postmortem')} button).`,
    );
  }
  return postmortem;
}

/** A postmortem that can still change: a finalized one is the record that was published. */
export function loadDraftPostmortem(store: Store, incident: Incident): Postmortem {
  const postmortem = loadPostmortem(store, incident);
  if (postmortem.state === 'finalized') {
    throw new ConflictError(
      (fmt) =>
        `The ${incident.ref} postmortem is finalized and no longer changes. Corrective actions still move: ${fmt.command('action list')}.`,
    );
  }
  return postmortem;
}
