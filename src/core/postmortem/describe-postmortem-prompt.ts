import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';
import type { Postmortem } from './postmortem.js';
import { DEFAULT_POSTMORTEM_REQUIRED } from './require-finalized-postmortem.js';
import type { Severity } from '../incident/incident.js';

/** The war-room message on resolve that asks for the postmortem (drawn with a Start postmortem button). */
export function describePostmortemPrompt(
  incident: Incident,
  postmortem: Postmortem | null,
  required: readonly Severity[] | undefined,
  fmt: Fmt,
): string {
  const lead = incident.leadId ? `${fmt.user(incident.leadId)}: ` : '';
  const sev = incident.severity.toUpperCase();
  const policy =
    (required ?? DEFAULT_POSTMORTEM_REQUIRED).includes(incident.severity) && !incident.drillTag
      ? ` ${sev} incidents close only after the postmortem is finalized.`
      : '';
  const state = postmortem ? ' It is already started: press the button to continue.' : '';
  return `${lead}${incident.ref} is resolved. Let's learn from it: a 5 Whys postmortem (problem, why → why → why…, root-cause category, corrective actions). Anyone can add; the lead finalizes.${policy}${state} Press ${fmt.bold('Start postmortem')} or type ${fmt.command('postmortem')}.`;
}

/** The comment that goes with the uploaded Markdown. */
export function describePostmortemFile(incident: Incident, fmt: Fmt): string {
  return `${fmt.icon('scroll')} The ${incident.ref} postmortem is final. Corrective actions: ${fmt.command('action list')}; the latest version: ${fmt.code(`warroom postmortem export ${incident.ref}`)}.`;
}
