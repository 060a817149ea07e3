import { ConflictError } from '../errors.js';
import type { Incident } from './incident.js';

export function requireOpen(incident: Incident): void {
  if (incident.status === 'closed') {
    throw new ConflictError(`${incident.ref} is closed. Declare a new incident with \`/incident declare <title>\` if this is happening again.`);
  }
}
