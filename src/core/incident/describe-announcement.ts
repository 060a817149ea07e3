import type { Fmt } from '../fmt.js';
import type { Incident } from './incident.js';

/** The announcements channel's one line about a new incident, with a link to its war room. */
export function describeAnnouncement(incident: Incident, warRoomId: string, fmt: Fmt): string {
  const who = incident.declaredBy ? `declared by ${fmt.user(incident.declaredBy)}` : 'opened by an alert';
  const room = fmt.channel(warRoomId, incident.channelName);
  return `${fmt.icon('rotating_light')} ${fmt.bold(incident.ref)} (${incident.severity.toUpperCase()}) ${who}: ${fmt.text(incident.title)} — join ${room}`;
}
