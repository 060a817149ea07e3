/**
 * Token buckets per destination: `burst` sends at once, then `perSecond`. Slack asks for about one message per
 * second per channel with short bursts; pacing here (instead of meeting 429s) also lets a storm's edits collapse.
 * In memory: after a restart every queue starts with a full bucket, which is within Slack's burst allowance.
 */
export interface Pacer {
  /** 0 if a send may happen now (and takes a token), else milliseconds until one may. */
  take(destination: string, nowMs: number): number;
}

export function tokenBucketPacer(opts: { perSecond: number; burst: number }): Pacer {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(destination, nowMs) {
      const bucket = buckets.get(destination) ?? { tokens: opts.burst, at: nowMs };
      bucket.tokens = Math.min(opts.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * opts.perSecond);
      bucket.at = nowMs;
      buckets.set(destination, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) / opts.perSecond) * 1000);
    },
  };
}

export const unpaced: Pacer = { take: () => 0 };
