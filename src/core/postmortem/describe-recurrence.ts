import type { Fmt } from '../fmt.js';
import type { TimelineEvent } from '../timeline/timeline-event.js';

export type RecurrencePayload = Extract<TimelineEvent, { kind: 'recurrence.flagged' }>['payload'];

/** The war-room line for a recurrence: which earlier incident, why it matches, where its postmortem is, and its actions. */
export function describeRecurrence(p: RecurrencePayload, fmt: Fmt): string {
  const room = p.channelId ? ` in ${fmt.channel(p.channelId, p.channelName)}` : '';
  const head = `${fmt.icon('repeat')} ${fmt.bold('Recurrence:')} ${p.ref} (${fmt.text(p.title)}, declared ${fmt.time(p.declaredAt)}${room}) had the same ${p.reasons.join(' and ')}.`;
  if (p.postmortem === 'none') return `${head} It has no postmortem.`;
  const state =
    p.postmortem === 'finalized'
      ? `Its postmortem is finalized (${fmt.code(`warroom postmortem export ${p.ref}`)})`
      : 'Its postmortem is still a draft';
  if (p.actions.length === 0) return `${head} ${state}; it has no corrective actions.`;
  const actions = p.actions.map(
    (a) =>
      `A${a.number} ${a.status}${a.status === 'verified' ? '' : ` (${fmt.user(a.owner)}, due ${a.due})`}: ${fmt.text(a.title)}`,
  );
  return `${head} ${state}. Corrective actions:\n${actions.map((a) => `• ${a}`).join('\n')}`;
}
