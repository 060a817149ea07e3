import { DeliveryError } from '../../core/delivery-error.js';
import type { DeadLetterCause } from '../../core/outbox/dead-letter.js';

/**
 * The Bot Connector answered with an error status: the request reached Teams and was refused, so nothing was made
 * (unlike a timeout, after which a thread may exist that warroom never heard of).
 */
export class TeamsHttpError extends DeliveryError {
  constructor(
    message: string,
    disposition: 'retry' | 'permanent',
    readonly status: number,
    retryAfterMs?: number,
    refusal?: DeadLetterCause,
  ) {
    super(message, disposition, retryAfterMs, refusal);
    this.name = 'TeamsHttpError';
  }
}
