import { setImmediate } from 'node:timers';

export interface TurnQueue {
  /** Resolves when it is this caller's turn: first come, first served, one caller per event-loop turn. */
  wait(): Promise<void>;
  /** Callers still waiting. */
  readonly waiting: number;
}

/**
 * Hands out turns at the event loop's check phase, one per loop iteration. Between two turns Node reads the
 * sockets again, so requests that arrived meanwhile are parsed and acknowledged before the next piece of heavy
 * synchronous work (a command's SQLite transaction with its fsync, a delivery's rendering or outcome) runs: an ack
 * waits for one such piece at most, not for the whole backlog. One queue per process, shared by the Slack adapter
 * and the outbox dispatcher (app.ts).
 */
export function turnQueue(): TurnQueue {
  const waiters: Array<() => void> = [];
  let scheduled = false;
  const next = () => {
    waiters.shift()?.();
    scheduled = waiters.length > 0;
    // The caller's work runs in this callback's microtasks; the next turn comes after the poll phase.
    if (scheduled) setImmediate(next);
  };
  return {
    wait() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (!scheduled) {
          scheduled = true;
          setImmediate(next);
        }
      });
    },
    get waiting() {
      return waiters.length;
    },
  };
}
