import type { DeadLetterCause } from './outbox/dead-letter.js';

/**
 * A delivery that did not go through. `retry` keeps the row at the head of its queue (the platform is down, rate
 * limited, or our token was revoked and an operator can fix it); `permanent` means sending it again cannot work;
 * `wait` is our own pacing: try again after exactly `retryAfterMs`, and it is not a failed attempt.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly disposition: 'retry' | 'permanent' | 'wait',
    /** The platform's own wait (Slack's Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
    /** The platform method and error code that refused, when a platform answered (labels the dead-letter metric). */
    readonly refusal?: DeadLetterCause,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
