import { formatDistanceStrict } from 'date-fns';
import { userOrNobody, type Fmt } from '../fmt.js';
import { listOpenSteps } from '../playbook/list-open-steps.js';
import type { Store } from '../store-port.js';
import { describeTimelineEntry } from '../timeline/describe-timeline-entry.js';
import type { Incident } from './incident.js';

/** Enough of the recent timeline to catch up on, not the whole story (`/incident timeline` has it). */
const RECENT = 3;

/**
 * What someone joining, or taking over the lead, needs first: where the incident stands, who holds what, the bridge,
 * the open playbook steps and running clocks, and the latest entries. Rendered when delivered, so it is current.
 */
export function describeResponderBrief(
  store: Store,
  incident: Incident,
  fmt: Fmt,
  now: Date,
  o: { handover: boolean },
): string {
  const roles = store.roles.forIncident(incident.id).map((r) => `${r.role} ${fmt.user(r.userId)}`);
  const open = listOpenSteps(store, incident, fmt, now);
  const clocks = store.schedules.clocksFor(incident.id).filter((c) => !c.stoppedAt);
  const people = store.people.all();
  const lines = [
    o.handover
      ? `You lead ${fmt.bold(incident.ref)} now (${incident.severity.toUpperCase()}, ${incident.status}): ${fmt.text(incident.title)}`
      : `Welcome to ${fmt.bold(incident.ref)} (${incident.severity.toUpperCase()}, ${incident.status}): ${fmt.text(incident.title)}`,
    `Lead: ${userOrNobody(fmt, incident.leadId)}${roles.length > 0 ? ` · ${roles.join(' · ')}` : ''}`,
  ];
  if (incident.bridgeUrl) lines.push(`Bridge: ${fmt.text(incident.bridgeUrl)}`);
  if (open.length > 0)
    lines.push(`${open.length} open playbook step${open.length === 1 ? '' : 's'}: ${fmt.command('step')} lists them.`);
  for (const c of clocks)
    lines.push(
      `${fmt.text(c.title)}: due ${fmt.time(c.deadline)} (${formatDistanceStrict(new Date(c.deadline), now, { addSuffix: true })})`,
    );
  lines.push(
    'Latest:',
    ...store.timeline.latest(incident.id, RECENT).map((e) => `• ${describeTimelineEntry(e, fmt, people)}`),
  );
  lines.push(`${fmt.command('timeline')} for more, ${fmt.command('help')} for commands.`);
  return lines.join('\n');
}
