/**
 * The storm budget of one message edited in place (an incident's rolled-up alert message, a triage alert's message):
 * how many edits it had in the current storm and when the last one went out (epoch ms).
 */
export interface RollUpBudget {
  sends: number;
  lastSentAt: number;
}

/** The wait after a storm's first edit; each edit after it doubles the wait, up to ROLL_UP_CAP_MS. */
export const ROLL_UP_FIRST_MS = 1_000;
/**
 * The longest wait between two edits: with 1 s, 2 s, 4 s … 256 s and then every 5 minutes, the first hour of a storm
 * costs its message 20 edits (the tenth goes out 8½ minutes in, then one every 5 minutes) and each hour after it 12:
 * within the 30 chat calls an incident's storm may cost in an hour, with room for the room's own posts (issue 12).
 */
export const ROLL_UP_CAP_MS = 5 * 60_000;
/**
 * A message not edited for this long is quiet: the next storm starts from the shortest wait again. Three times the
 * cap, so a storm that pauses for a few minutes is still the same storm, and bursts coming back every few minutes
 * cannot buy a fresh run of quick edits each time.
 */
export const ROLL_UP_QUIET_MS = 3 * ROLL_UP_CAP_MS;

/** The wait after a storm's n-th edit: 1 s, 2 s, 4 s … up to ROLL_UP_CAP_MS. */
export function rollUpIntervalMs(sends: number): number {
  return Math.min(ROLL_UP_CAP_MS, ROLL_UP_FIRST_MS * 2 ** Math.min(Math.max(sends - 1, 0), 30));
}

/** When the message may be edited again for a roll-up: now if it is quiet, else its last edit plus the wait. */
export function nextRollUpAt(budget: RollUpBudget | null, nowMs: number): number {
  if (!budget || nowMs - budget.lastSentAt >= ROLL_UP_QUIET_MS) return nowMs;
  return Math.max(nowMs, budget.lastSentAt + rollUpIntervalMs(budget.sends));
}

/** The budget once an edit went out at `nowMs`: one more edit of this storm, or the first of a new one after quiet. */
export function budgetAfterSend(budget: RollUpBudget | null, nowMs: number): RollUpBudget {
  const fresh = !budget || nowMs - budget.lastSentAt >= ROLL_UP_QUIET_MS;
  return { sends: fresh ? 1 : budget.sends + 1, lastSentAt: nowMs };
}
