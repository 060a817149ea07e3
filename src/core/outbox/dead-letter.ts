/** Why a delivery was refused for good, in labels small enough for a metric: the method that refused and its code. */
export interface DeadLetterCause {
  method: string;
  code: string;
}

/** A dead outbox row as an operator sees it (`warroom outbox list`): what it was, where to, and why it died. */
export interface DeadLetter extends DeadLetterCause {
  outboxId: number;
  idempotencyKey: string;
  destination: string;
  intent: string;
  createdAt: string;
  deadAt: string;
  attempts: number;
  lastError: string | null;
}
