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

/** A pin reaction on a message in a war room copies it into the timeline, once; elsewhere it does nothing. */
export function pinReaction(input: PinReaction, { ctx, fmt }: InteractionEnv): InteractionResult {
  const { reaction, channelId, messageId, author, text } = PinReaction.parse(input);
  if (!PIN_REACTIONS.has(reaction)) return { type: 'done' };
  const incident = incidentForChannel({ ctx, channelId });
  if (!incident) return { type: 'done' };
  try {
    const entry = pinMessage({ ctx, input: { incidentId: incident.id, messageId, author, text } });
    return privately(
      entry ? `Pinned to the ${incident.ref} timeline (#${entry.seq}).` : 'That message is already on the timeline.',
    );
  } catch (error) {
    if (isWarroomError(error)) return privately(error.describe(fmt));
    throw error;
  }
}
