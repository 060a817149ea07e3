import type { Logger } from 'pino';
import type { ActionExecutor } from '../core/approval/approval.js';
import { recordActionResult } from '../core/approval/record-action-result.js';
import type { Ctx } from '../core/context.js';
import { loadIncident } from '../core/incident/load-incident.js';

export interface ActionRunner {
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Runs approved actions, one at a time, oldest first. An approval is durable: approved before a crash, it runs after
 * the restart. A throwing executor is recorded as a failed run (the step stays open to request again).
 */
export function startActionRunner(opts: { ctx: Ctx; executor: ActionExecutor; logger: Logger; onRecorded: () => void; pollMs?: number }): ActionRunner {
  const { ctx, executor, logger } = opts;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function drain(): Promise<void> {
    while (!stopped) {
      const [approval] = ctx.store.approvals.approved(1);
      if (!approval) return;
      const incident = loadIncident(ctx.store, approval.incidentId);
      let outcome: { ok: boolean; detail: Record<string, unknown> };
      try {
        outcome = await executor.execute({ action: approval.action, params: JSON.parse(approval.params) as Record<string, string>, incidentRef: incident.ref, approvalId: approval.id });
      } catch (error) {
        outcome = { ok: false, detail: { error: error instanceof Error ? error.message : String(error) } };
      }
      recordActionResult({ ctx, input: { approvalId: approval.id, executor: executor.name, ok: outcome.ok, detail: outcome.detail } });
      logger.info({ approvalId: approval.id, action: approval.action, ok: outcome.ok }, 'action run');
      opts.onRecorded();
    }
  }

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) return;
      running = drain()
        .catch((error: unknown) => logger.error({ err: error }, 'action runner failed'))
        .finally(() => {
          running = null;
          schedule(opts.pollMs ?? 500);
        });
    }, delay);
  }
  schedule(0);
  return {
    kick: () => schedule(0),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
