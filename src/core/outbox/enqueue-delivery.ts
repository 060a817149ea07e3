import type { Store } from '../store-port.js';
import { coalesceKey, destinationOf, OutboxIntent } from './outbox-intent.js';

/** Queues a chat delivery inside the caller's transaction. The key makes a replayed verb enqueue nothing new. */
export function enqueueDelivery(store: Store, args: { key: string; intent: OutboxIntent; now: Date }): void {
  const intent = OutboxIntent.parse(args.intent);
  store.outbox.insert({
    idempotencyKey: args.key,
    destination: destinationOf(intent),
    incidentId: 'incidentId' in intent ? intent.incidentId : null,
    intent: JSON.stringify(intent),
    createdAt: args.now.toISOString(),
    nextAttemptAt: args.now.getTime(),
    coalesceKey: coalesceKey(intent),
  });
}
