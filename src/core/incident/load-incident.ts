import { NotFoundError } from '../errors.js';
import type { Store } from '../store-port.js';
import type { Incident } from './incident.js';

export function loadIncident(store: Store, incidentId: number): Incident {
  const incident = store.incidents.byId(incidentId);
  if (!incident)
    throw new NotFoundError(
      (fmt) => `No incident with id ${incidentId}. Run ${fmt.command('list')} to see open incidents.`,
    );
  return incident;
}
