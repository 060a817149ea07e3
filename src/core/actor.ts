import { z } from 'zod';

/** Who caused a change. Chat users carry their platform's user id; alerts and the system do not act as people. */
export const Actor = z.discriminatedUnion('type', [
  z.object({ type: z.literal('slack'), userId: z.string().min(1), teamId: z.string().optional() }),
  z.object({ type: z.literal('sandbox'), userId: z.string().min(1) }),
  z.object({ type: z.literal('teams'), userId: z.string().min(1) }),
  z.object({ type: z.literal('alert'), source: z.string().min(1) }),
  z.object({ type: z.literal('system'), reason: z.string().optional() }),
]);
export type Actor = z.infer<typeof Actor>;

/** The chat user behind an actor, or null for alerts and the system. */
export function actorUserId(actor: Actor): string | null {
  return actor.type === 'slack' || actor.type === 'sandbox' || actor.type === 'teams' ? actor.userId : null;
}
