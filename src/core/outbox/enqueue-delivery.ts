import type { Store } from '../store-port.js';
import { coalesceKey, destinationOf, OutboxIntent } from './outbox-intent.js';

/**
 * Queues a chat delivery inside the caller's transaction. The key makes a replayed verb enqueue nothing new.
 *
 * `rollUp`: the delivery only redraws a message whose counts moved (an alert storm's repeats and joins). It goes out
 * on the storm budget's widening interval (core/outbox/roll-up-budget.ts) instead of at once, without holding up the
 * room's other messages meanwhile; while one such redraw waits, later ones join it rather than queue rows of their own.
 */
export function enqueueDelivery(
  store: Store,
  args: { key: string; intent: OutboxIntent; now: Date; rollUp?: boolean },
): void {
  const intent = OutboxIntent.parse(args.intent);
  const destination = destinationOf(intent);
  const coalesce = coalesceKey(intent);
  if (args.rollUp && coalesce === null) throw new Error(`${intent.type} redraws no message, so it cannot roll up`);
  // The waiting row is not taken yet, so whatever this change shows will be read when it is sent.
  if (args.rollUp && coalesce !== null && store.outbox.hasUnclaimed(destination, coalesce)) return;
  store.outbox.insert({
    idempotencyKey: args.key,
    destination,
    incidentId: 'incidentId' in intent ? intent.incidentId : null,
    intent: JSON.stringify(intent),
    createdAt: args.now.toISOString(),
    nextAttemptAt: args.now.getTime(),
    coalesceKey: coalesce,
    // Due now; the dispatcher holds it for later if the budget says so.
    heldUntil: args.rollUp ? args.now.getTime() : null,
  });
}
