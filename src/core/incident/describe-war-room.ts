import type { Fmt } from '../fmt.js';
import type { Incident } from './incident.js';

/** What a war room says it is about: its topic (Slack's channel topic) and purpose. */
export interface WarRoomDescription {
  topic: string;
  purpose: string;
}

export function describeWarRoom(incident: Incident, fmt: Fmt): WarRoomDescription {
  return {
    // Slack parses topics and echoes them in a channel message: the title goes through fmt.text like everywhere else.
    topic: `${incident.ref} ${incident.severity.toUpperCase()} · ${fmt.text(incident.title)}`,
    purpose: `War room for ${incident.ref}. Type ${fmt.command('help')} for commands.`,
  };
}
