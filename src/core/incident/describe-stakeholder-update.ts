import type { Fmt } from '../fmt.js';
import type { Incident } from './incident.js';

/** A stakeholder update as posted to the announcements channel: the incident, the update, its author and time. */
export interface StakeholderUpdate {
  text: string;
  /** Who wrote it; null when warroom itself posted it. */
  authorId: string | null;
  at: string;
}

export function describeStakeholderUpdate(incident: Incident, update: StakeholderUpdate, fmt: Fmt): string {
  const heading = `${fmt.icon('loudspeaker')} ${fmt.bold(incident.ref)} (${incident.severity.toUpperCase()} · ${incident.status}) ${fmt.text(incident.title)}`;
  const byline = fmt.em(`${update.authorId ? fmt.user(update.authorId) : 'warroom'}, ${fmt.time(update.at)}`);
  const room = incident.channelId ? ` — ${fmt.channel(incident.channelId, incident.channelName)}` : '';
  return `${heading}\n${fmt.text(update.text)}\n${byline}${room}`;
}
