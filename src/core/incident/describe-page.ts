import type { Fmt } from '../fmt.js';
import type { Incident } from './incident.js';

/** The sentence that follows the mentions when the owning team is paged into an incident. */
export function describePage(incident: Incident, fmt: Fmt): string {
  const rank = incident.priority ?? incident.severity.toUpperCase();
  return `${incident.ref} (${rank}) needs you: ${fmt.text(incident.title)}. Press ${fmt.bold('Acknowledge')} (or ${fmt.command('ack')}) to take it.`;
}
