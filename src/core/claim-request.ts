import type { Store } from './store-port.js';

/**
 * Records that a platform request (an event id, a trigger id, a click) was handled. False means it was seen
 * before: a platform retry or a duplicate delivery, to be acknowledged and dropped.
 */
export function claimRequest(store: Store, key: string, now: Date): boolean {
  return store.requests.claim(key, now);
}
