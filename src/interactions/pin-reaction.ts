import { z } from 'zod';
import type { Ctx } from '../core/context.js';
import { isWarroomError } from '../core/errors.js';
import { incidentForChannel } from '../core/incident/find-incident.js';
import { pinMessage } from '../core/timeline/pin-message.js';
import { privately, type InteractionEnv, type InteractionResult } from './interaction.js';

/** Reactions that copy a message into the timeline (emoji names as Slack and the sandbox call them). */
const PIN_REACTIONS = new Set(['pushpin', 'round_pushpin']);

/** Whether a reaction pins: a pin reaction in a war room. Lets an adapter skip fetching the message otherwise. */
export function pinsMessage(reaction: string, channelId: string, ctx: Ctx): boolean {
  return PIN_REACTIONS.has(reaction) && incidentForChannel({ ctx, channelId }) !== null;
}

export const PinReaction = z.object({
  reaction: z.string(),
  channelId: z.string().min(1),
  messageId: z.string().min(1),
  /** Who wrote the message; null for the bot's own posts or when the platform does not say. */
  author: z.string().nullable(),
  text: z.string(),
});
export type PinReaction = z.infer<typeof PinReaction>;

export const PinToTimeline = z.object({
  channelId: z.string().min(1),
  messageId: z.string().min(1),
  /** Who wrote the message; null for the bot's own posts or when the platform does not say. */
  author: z.string().nullable(),
  text: z.string(),
  /** How it was asked for: a pin reaction, or a menu item on the message (a message action). */
  via: z.enum(['reaction', 'button']),
});
export type PinToTimeline = z.infer<typeof PinToTimeline>;

/** Outside a war room there is no timeline to put a message on. */
export const NOT_IN_WAR_ROOM_TEXT = "Only messages in an incident's war room go on its timeline.";

/**
 * A message asked onto its war room's timeline (copied in, once): the answer says where it went, or that it was
 * there already, or that this is no war room.
 */
export function pinToTimeline(input: PinToTimeline, { ctx, fmt }: InteractionEnv): InteractionResult {
  const { channelId, messageId, author, text, via } = PinToTimeline.parse(input);
  const incident = incidentForChannel({ ctx, channelId });
  if (!incident) return privately(NOT_IN_WAR_ROOM_TEXT);
  try {
    const entry = pinMessage({ ctx, input: { incidentId: incident.id, messageId, author, text, via } });
    return privately(
      entry ? `Pinned to the ${incident.ref} timeline (#${entry.seq}).` : 'That message is already on the timeline.',
    );
  } catch (error) {
    if (isWarroomError(error)) return privately(error.describe(fmt));
    throw error;
  }
}

/** A pin reaction on a message in a war room copies it into the timeline, once; elsewhere it does nothing. */
export function pinReaction(input: PinReaction, env: InteractionEnv): InteractionResult {
  const { reaction, channelId, messageId, author, text } = PinReaction.parse(input);
  if (!PIN_REACTIONS.has(reaction)) return { type: 'done' };
  // A reaction anywhere else is just a reaction: nothing to say.
  if (!incidentForChannel({ ctx: env.ctx, channelId })) return { type: 'done' };
  return pinToTimeline({ channelId, messageId, author, text, via: 'reaction' }, env);
}
