import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';

/** Every alert of the incident is resolved: the question to the lead, drawn with a Resolve button. */
export function describeResolvePrompt(incident: Incident, fmt: Fmt): string {
  const lead = incident.leadId ? `${fmt.user(incident.leadId)}: every` : 'Every';
  return `${lead} alert of ${incident.ref} is resolved. Resolve the incident when you agree it is over.`;
}
