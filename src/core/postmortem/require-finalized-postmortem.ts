import { ConflictError } from '../errors.js';
import type { Fmt } from '../fmt.js';
import type { Incident, Severity } from '../incident/incident.js';
import type { Store } from '../store-port.js';

/** The deployment default (WARROOM_POSTMORTEM_REQUIRED): the worst incidents are not closed without a postmortem. */
export const DEFAULT_POSTMORTEM_REQUIRED: readonly Severity[] = ['sev1', 'sev2'];

/**
 * The close policy: an incident of a configured severity closes only once its postmortem is finalized.
 * Drills are exempt: they replay recorded telemetry to exercise the war room, not to learn about production.
 */
export function requireFinalizedPostmortem(
  store: Store,
  incident: Incident,
  required: readonly Severity[] = DEFAULT_POSTMORTEM_REQUIRED,
): void {
  if (!required.includes(incident.severity) || incident.drillTag) return;
  const postmortem = store.postmortems.forIncident(incident.id);
  if (postmortem?.state === 'finalized') return;
  const sev = incident.severity.toUpperCase();
  const next = (fmt: Fmt) =>
    postmortem
      ? `Finish it (${fmt.command('postmortem show')} says what is missing); the lead finalizes it with ${fmt.command('postmortem finalize')}`
      : `Start it with ${fmt.command('postmortem')}; the lead finalizes it with ${fmt.command('postmortem finalize')}`;
  throw new ConflictError(
    (fmt) =>
      `${incident.ref} is ${sev}: ${sev} incidents close only after their postmortem is finalized. ${next(fmt)}, then ${fmt.command('close')}.`,
  );
}
