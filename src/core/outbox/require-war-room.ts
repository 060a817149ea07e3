import { DeliveryError } from '../delivery-error.js';

/** The war room's channel id, for a delivery into it. */
export function requireWarRoom(incident: { channelId: string | null }): string {
  // The war room is opened by the first row of the same queue; until then later rows wait their turn.
  if (!incident.channelId) throw new DeliveryError('war room not open yet', 'retry', 1_000);
  return incident.channelId;
}
