export interface RecentKeys {
  /** Records the key; false when it was recorded within the window (a retry or a duplicate delivery). */
  add(key: string): boolean;
  /** Forgets a key whose work never ran, so a retry of it is not mistaken for a duplicate. */
  forget(key: string): void;
  readonly size: number;
}

/**
 * The platform request ids seen lately, in memory: answers "seen before?" without touching the disk, so a request
 * can be acknowledged first. Bounded twice over: an entry lives `ttlMs` (the platform's retry window) and at most
 * `max` are kept, oldest dropped first. What falls out is still caught by the durable claim, only later.
 */
export function recentKeys(o: { ttlMs: number; max: number; now: () => number }): RecentKeys {
  // A Map iterates in insertion order, and every entry lives equally long: the oldest is always first.
  const seenAt = new Map<string, number>();
  const prune = (now: number) => {
    for (const [key, at] of seenAt) {
      if (now - at < o.ttlMs && seenAt.size <= o.max) break;
      seenAt.delete(key);
    }
  };
  return {
    add(key) {
      const now = o.now();
      prune(now);
      const at = seenAt.get(key);
      if (at !== undefined && now - at < o.ttlMs) return false;
      // Re-inserted, not updated in place, so the Map stays in the order the keys were seen.
      seenAt.delete(key);
      seenAt.set(key, now);
      prune(now);
      return true;
    },
    forget(key) {
      seenAt.delete(key);
    },
    get size() {
      return seenAt.size;
    },
  };
}
