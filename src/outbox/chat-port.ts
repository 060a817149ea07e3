import type { Fmt } from '../core/fmt.js';
import type { IncidentHeaderView } from '../core/incident/describe-incident.js';
import type { Incident } from '../core/incident/incident.js';

/**
 * What delivery needs from a chat platform. Slack and the sandbox each implement it; the delivery flow
 * (deliver-intent.ts) is written once against it. Methods throw DeliveryError.
 */
export interface ChatPort {
  readonly fmt: Fmt;
  /** Returns null when the name is taken, so the caller can try the next suffix. */
  createChannel(name: string): Promise<{ id: string; name: string } | null>;
  describeChannel(channelId: string, topic: string, purpose: string): Promise<void>;
  /** Inviting someone already there is not an error. */
  invite(channelId: string, userIds: string[]): Promise<void>;
  postHeader(channelId: string, incident: Incident, view: IncidentHeaderView): Promise<string>;
  updateHeader(channelId: string, messageId: string, incident: Incident, view: IncidentHeaderView): Promise<void>;
  postText(channelId: string, text: string): Promise<string>;
  /** A message only `userId` sees. */
  postEphemeral(channelId: string, userId: string, text: string): Promise<void>;
  /** Turns the configured announcements channel (an id on Slack, a name in the sandbox) into a channel id. */
  resolveChannel(ref: string): Promise<string>;
}
