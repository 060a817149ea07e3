import { ConflictError } from '../errors.js';
import type { Incident } from './incident.js';

/** Why nothing can change on the incident any more (it is closed), or null while it is open. */
export function closedRefusal(incident: Incident): ConflictError | null {
  if (incident.status !== 'closed') return null;
  return new ConflictError(
    (fmt) =>
      `${incident.ref} is closed. Declare a new incident with ${fmt.command('declare <title>')} if this is happening again.`,
  );
}

export function requireOpen(incident: Incident): void {
  const refusal = closedRefusal(incident);
  if (refusal) throw refusal;
}
