import type { ChatView, TextView } from './chat-view.js';
import type { Fmt } from './fmt.js';

/** A chat room (a Slack channel, a sandbox channel, a Teams channel or thread). */
export interface ChatRoom {
  id: string;
  name: string;
}

/** What a room is opened for, for platforms that choose its kind or describe it at creation (Teams). */
export interface RoomPurpose {
  /** A line about the incident (`INC-0042 SEV2 · Checkout down`), already written with the port's fmt. */
  about: string;
  /** A drill's room: Teams puts drills in a thread of the fallback channel, never a channel of their own. */
  drill: boolean;
}

/** A text file to share into a room (the finalized postmortem's Markdown), with the comment posted beside it. */
export interface ChatFile {
  filename: string;
  title: string;
  content: string;
  comment: string;
}

/**
 * What delivering the outbox needs from a chat platform: a few operations fed by presenter output (ChatView), not a
 * method per kind of message. Slack and the sandbox implement it in their adapters; the delivery handlers in the core
 * are written once against it. Every method throws DeliveryError (src/core/delivery-error.ts) when it fails.
 */
export interface ChatPort {
  /** How text is marked up on this platform; presenters write every message with it. */
  readonly fmt: Fmt;
  /**
   * Creates the room `name`, or adopts it when this bot created it at or after `since` (an earlier attempt that
   * crashed or lost the answer before recording it: adopting it means a retry never leaves a stray `-2`). Null when
   * someone else holds the name, so the caller tries the next suffix.
   */
  openRoom(name: string, since: Date, room: RoomPurpose): Promise<ChatRoom | null>;
  /** Sets what the room is about (Slack's topic and purpose). Both are already written with `fmt`. */
  describeRoom(roomId: string, topic: string, purpose: string): Promise<void>;
  /** Adds people to the room. Inviting someone already there is not an error. */
  invite(roomId: string, userIds: string[]): Promise<void>;
  /** Posts a message; returns its id, to `update` it later. */
  post(roomId: string, view: ChatView): Promise<string>;
  /** Redraws a message this bot posted, from the current state. */
  update(roomId: string, messageId: string, view: ChatView): Promise<void>;
  /** Calls people in: mentions the user group (Slack subteam) and the users in front of the text, and invites them all. */
  page(roomId: string, group: string | null, userIds: string[], view: TextView): Promise<void>;
  /** A message in the room that only `userId` sees (Slack's ephemeral message). */
  postPrivate(roomId: string, userId: string, view: ChatView): Promise<void>;
  /** A direct message to a person (a Slack DM; the sandbox shows it privately in #general). */
  postDirect(userId: string, view: ChatView): Promise<void>;
  /** Shares a text file into the room; returns the platform's file id. */
  upload(roomId: string, file: ChatFile): Promise<string>;
  /** The id of a file named `filename` this bot shared into the room at or after `since` (an upload whose answer was lost). */
  findOwnFile(roomId: string, filename: string, since: Date): Promise<string | null>;
  /** Turns a configured channel (an id or a name: announcements, triage, the digest) into a room id. */
  resolveChannel(ref: string): Promise<string>;
}
