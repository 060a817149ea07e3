import { ConflictError } from '../errors.js';
import type { Incident } from './incident.js';

export function requireOpen(incident: Incident): void {
  if (incident.status === 'closed') {
    throw new ConflictError(
      (fmt) =>
        `${incident.ref} is closed. Declare a new incident with ${fmt.command('declare <title>')} if this is happening again.`,
    );
  }
}
