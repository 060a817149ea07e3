import { actorUserId, type Actor } from '../actor.js';
import { ForbiddenError } from '../errors.js';

/** The chat user behind the actor; alerts and the system cannot take people's actions. */
export function requirePerson(actor: Actor): string {
  const userId = actorUserId(actor);
  if (!userId) throw new ForbiddenError('Only a person can do this.');
  return userId;
}
