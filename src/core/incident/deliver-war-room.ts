import type { ChatPort, ChatRoom } from '../chat-port.js';
import { DeliveryError } from '../delivery-error.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { flagRecurrences } from '../postmortem/flag-recurrences.js';
import { describeWarRoom } from './describe-war-room.js';
import type { Incident } from './incident.js';
import { loadIncident } from './load-incident.js';
import { recordWarRoomOpened } from './record-war-room-opened.js';
import { warRoomChannelName } from './war-room-channel-name.js';

/** Enough suffixes for any real collision; past it something is wrong and an operator should look. */
const MAX_NAME_ATTEMPTS = 20;

/** `warroom.open`: opens the incident's war room (once), says what it is about, and brings in the declarer and lead. */
export const deliverWarRoom: DeliveryHandler<'warroom.open'> = async ({ ctx, chat, intent }) => {
  let incident = loadIncident(ctx.store, intent.incidentId);
  if (!incident.channelId) {
    const room = await openWarRoom(chat, incident, describeWarRoom(incident, chat.fmt).topic);
    incident = recordWarRoomOpened({
      ctx,
      input: { incidentId: incident.id, channelId: room.id, channelName: room.name },
    });
  }
  const roomId = requireWarRoom(incident);
  const { topic, purpose } = describeWarRoom(incident, chat.fmt);
  await chat.describeRoom(roomId, topic, purpose);
  const people = [...new Set([incident.declaredBy, incident.leadId])].filter((u): u is string => u !== null);
  if (people.length > 0) await chat.invite(roomId, people);
  // The war room exists: tell it if this is the same problem as an earlier incident (posts queue behind).
  flagRecurrences({ ctx, input: { incidentId: incident.id } });
};

/**
 * Opens the war room under its planned name, or the next suffix when a name is taken by someone else. The port adopts
 * a room this bot created for the incident and never got to record, so a retry never leaves a stray `-2`.
 */
async function openWarRoom(chat: ChatPort, incident: Incident, about: string): Promise<ChatRoom> {
  const planned = incident.plannedChannelName;
  let name = planned;
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt += 1) {
    const room = await chat.openRoom(name, new Date(incident.declaredAt), { about, drill: incident.drillTag !== null });
    if (room) return room;
    name = warRoomChannelName(incident.number, incident.title, attempt + 1);
  }
  throw new DeliveryError(`every channel name from ${planned} to ${name} is taken`, 'permanent');
}
