import type { Logger } from 'pino';
import type { ActionExecutor, Approval } from '../core/approval/approval.js';
import { claimApprovedAction } from '../core/approval/claim-approved-action.js';
import { recordActionResult } from '../core/approval/record-action-result.js';
import type { Ctx } from '../core/context.js';
import { loadIncident } from '../core/incident/load-incident.js';

export interface ActionRunner {
  kick(): void;
  /** Aborts calls in flight, records each as interrupted (or whatever its executor reported), then resolves. */
  stop(): Promise<void>;
}

export interface ActionRunnerOptions {
  ctx: Ctx;
  executor: ActionExecutor;
  logger: Logger;
  onRecorded: () => void;
  pollMs?: number;
  /** How many actions may be running at once (different incidents); default 4. */
  concurrency?: number;
  /** A claim older than this without a result belongs to a runner that stopped mid-call; default 5 minutes. */
  leaseMs?: number;
  /** After shutdown aborts a call, how long its executor may take to report before the runner records it; default 2 s. */
  stopGraceMs?: number;
}

type Outcome = { ok: boolean; detail: Record<string, unknown> };

const SHUTDOWN = 'warroom is shutting down';

/** Resolves with the executor's outcome, or, once `signal` has aborted and `graceMs` passed, with an honest interruption. */
function outcomeOrInterruption(running: Promise<Outcome>, signal: AbortSignal, graceMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | null = null;
    const onAbort = () => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            detail: {
              error:
                'interrupted: warroom shut down during the call and the executor did not stop; it may have acted: check it before requesting again',
              interrupted: true,
            },
          }),
        graceMs,
      );
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    running
      .catch(
        (error: unknown): Outcome => ({
          ok: false,
          detail: { error: error instanceof Error ? error.message : String(error) },
        }),
      )
      .then((outcome) => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      });
  });
}

/**
 * Runs approved actions, oldest first, several at once but one at a time per incident: a target that hangs for one
 * incident never holds up another incident's containment, and an incident's actions still run in approval order.
 * Each action is claimed in the database before its call (a conditional update), so it is called at most once:
 * approved before a crash and not yet claimed, it runs after the restart; claimed and cut off by a crash, it is
 * recorded as interrupted once the lease passes, never called again behind the approver's back. A failed run
 * leaves the step open to request again.
 */
export function startActionRunner(opts: ActionRunnerOptions): ActionRunner {
  const { ctx, executor, logger } = opts;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const graceMs = opts.stopGraceMs ?? 2_000;
  const shutdown = new AbortController();
  const inFlight = new Map<number, { incidentId: number; done: Promise<void> }>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function record(approval: Approval, outcome: Outcome): void {
    recordActionResult({
      ctx,
      input: { approvalId: approval.id, executor: executor.name, ok: outcome.ok, detail: outcome.detail },
    });
    logger.info(
      {
        approvalId: approval.id,
        incidentId: approval.incidentId,
        action: approval.action,
        ok: outcome.ok,
        interrupted: outcome.detail.interrupted === true,
      },
      'action run',
    );
    opts.onRecorded();
  }

  async function run(approval: Approval): Promise<void> {
    let outcome: Outcome;
    try {
      const incident = loadIncident(ctx.store, approval.incidentId);
      const params = JSON.parse(approval.params) as Record<string, string>;
      outcome = await outcomeOrInterruption(
        executor.execute({
          action: approval.action,
          params,
          incidentRef: incident.ref,
          approvalId: approval.id,
          signal: shutdown.signal,
        }),
        shutdown.signal,
        graceMs,
      );
    } catch (error) {
      outcome = { ok: false, detail: { error: error instanceof Error ? error.message : String(error) } };
    }
    try {
      record(approval, outcome);
    } catch (error) {
      // The claim stays: after the lease the action is recorded as interrupted rather than silently run twice.
      logger.error({ err: error, approvalId: approval.id }, 'recording an action result failed');
    }
  }

  /** Claims with a dead runner's stamp: the call may or may not have reached the target. */
  function recordInterrupted(): void {
    const before = new Date(ctx.now().getTime() - leaseMs).toISOString();
    for (const approval of ctx.store.approvals.claimedBefore(before)) {
      if (inFlight.has(approval.id)) continue;
      try {
        record(approval, {
          ok: false,
          detail: {
            error: `interrupted: warroom stopped while this action was running (claimed ${approval.claimedAt ?? '?'}); the request may have been sent, so check the target before requesting again`,
            interrupted: true,
          },
        });
      } catch (error) {
        logger.error({ err: error, approvalId: approval.id }, 'recording an interrupted action failed');
      }
    }
  }

  function fill(): void {
    if (stopped) return;
    try {
      recordInterrupted();
      const busy = new Set([...inFlight.values()].map((r) => r.incidentId));
      for (const approval of ctx.store.approvals.approved(200)) {
        if (inFlight.size >= concurrency) break;
        if (busy.has(approval.incidentId)) continue;
        const claimed = claimApprovedAction({ ctx, input: { approvalId: approval.id } });
        if (!claimed) continue;
        busy.add(claimed.incidentId);
        const done = run(claimed).finally(() => {
          inFlight.delete(claimed.id);
          fill();
        });
        inFlight.set(claimed.id, { incidentId: claimed.incidentId, done });
      }
    } catch (error) {
      logger.error({ err: error }, 'action runner failed');
    }
  }

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fill();
      schedule(opts.pollMs ?? 500);
    }, delay);
  }
  schedule(0);
  return {
    kick: () => schedule(0),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      shutdown.abort(new Error(SHUTDOWN));
      // Each run settles within the grace period of the abort, its result recorded: shutdown is bounded.
      await Promise.all([...inFlight.values()].map((r) => r.done));
    },
  };
}
