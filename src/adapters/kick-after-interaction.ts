import type { AdapterDeps } from './adapter-deps.js';

/**
 * After a button or form: the outbox delivers what the verb queued (the message updates itself) now rather than at
 * its next poll, and the action runner looks at once in case an action was just approved.
 */
export function kickAfterInteraction(deps: AdapterDeps): void {
  deps.dispatcher.kick();
  deps.actions.kick();
}
