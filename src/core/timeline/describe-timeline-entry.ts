import { userOrNobody, type Fmt } from '../fmt.js';
import { TimelineEvent, type TimelineEntry } from './timeline-event.js';

/** One line of text for a timeline entry, as shown in `/incident timeline` and posted to the war room. */
export function describeTimelineEntry(entry: Pick<TimelineEntry, 'kind' | 'payload'>, fmt: Fmt): string {
  const parsed = TimelineEvent.safeParse({ kind: entry.kind, payload: JSON.parse(entry.payload) as unknown });
  if (!parsed.success) return `${entry.kind} (unreadable payload)`;
  const event = parsed.data;
  switch (event.kind) {
    case 'incident.declared':
      return `:rotating_light: Declared ${event.payload.ref} (${event.payload.severity.toUpperCase()}): ${fmt.text(event.payload.title)} — lead ${userOrNobody(fmt, event.payload.lead)}`;
    case 'incident.acknowledged':
      return `:eyes: Acknowledged by ${fmt.user(event.payload.by)}`;
    case 'status.changed': {
      const note = event.payload.note ? ` — ${fmt.text(event.payload.note)}` : '';
      return `:arrows_counterclockwise: Status ${event.payload.from} → *${event.payload.to}*${note}`;
    }
    case 'severity.changed':
      return `:warning: Severity ${event.payload.from.toUpperCase()} → *${event.payload.to.toUpperCase()}*`;
    case 'lead.assigned':
      return event.payload.from
        ? `:crown: Lead handed over from ${fmt.user(event.payload.from)} to ${fmt.user(event.payload.to)}`
        : `:crown: ${fmt.user(event.payload.to)} leads`;
    case 'role.assigned': {
      const from = event.payload.from ? ` (was ${fmt.user(event.payload.from)})` : '';
      return `:busts_in_silhouette: ${fmt.user(event.payload.to)} is now *${event.payload.role}*${from}`;
    }
    case 'note.added':
      return `:memo: ${fmt.text(event.payload.text)}`;
    case 'message.pinned': {
      const author = event.payload.author ? `${fmt.user(event.payload.author)}: ` : '';
      return `:pushpin: ${author}${fmt.text(event.payload.text)}`;
    }
    case 'warroom.opened':
      return `:door: War room ${fmt.channel(event.payload.channelId, event.payload.channelName)} opened`;
    case 'incident.closed':
      return ':white_check_mark: Incident closed';
    case 'alert.received':
      return `:bell: ${event.payload.priority} alert from ${event.payload.source} (${event.payload.severity}): ${fmt.text(event.payload.title)} — ${event.payload.reason}`;
    case 'alert.repeated':
      return `:repeat: Alert #${event.payload.alertId} fired again (${event.payload.count} times)`;
    case 'alert.resolved':
      return `:large_green_circle: Alert resolved: ${fmt.text(event.payload.title)}`;
    case 'alerts.all_resolved':
      return `:large_green_circle: All ${event.payload.alerts} alerts of this incident are resolved. Lead: resolve the incident when you agree.`;
  }
}
