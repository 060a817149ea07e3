import { plainFmt, type Fmt } from '../core/fmt.js';
import type { Incident } from '../core/incident/incident.js';
import { formatZoned } from '../core/postmortem/zoned-time.js';
import type { Store } from '../core/store-port.js';
import { describeTimelineEntry } from '../core/timeline/describe-timeline-entry.js';
import { verifyTimelineChain } from '../core/timeline/verify-timeline-chain.js';
import type { CliResult } from './cli-result.js';

/** Text for a file or a ticket: no pictograms at the start of every line. */
const exportFmt: Fmt = { ...plainFmt, icon: () => '' };

/**
 * `warroom timeline export <ref>`: every entry as a line of plain text, with who did what by name and id, for an
 * auditor or a ticket. A chain that fails verification is not exported: the text would vouch for edited records.
 */
export function timelineExport(store: Store, incident: Incident, timeZone: string): CliResult {
  const entries = store.timeline.forIncident(incident.id);
  const verdict = verifyTimelineChain(entries);
  if (!verdict.ok)
    return {
      code: 1,
      stderr: `${incident.ref} timeline fails verification, so nothing was exported. Run \`warroom timeline verify ${incident.ref}\`.`,
    };
  const people = store.people.all();
  const lines = entries.map(
    (e) => `#${e.seq} ${formatZoned(e.at, timeZone)} — ${describeTimelineEntry(e, exportFmt, people).trimStart()}`,
  );
  const heading = `${incident.ref} timeline: ${incident.title} (${verdict.entries} entries, times in ${timeZone}, chain head sha256:${verdict.headHash})`;
  return { code: 0, stdout: [heading, ...lines].join('\n') };
}
