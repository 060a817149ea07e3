import { randomUUID } from 'node:crypto';
import { schedule } from 'node-cron';
import type { Logger } from 'pino';
import type { Ctx } from '../../core/context.js';
import { runScheduledJobs } from '../../core/schedule/run-scheduled-jobs.js';

const LEASE = 'scheduler';

export interface Scheduler {
  /** One pass now (what the cron does each minute); false if another process holds the lease. */
  runOnce(): boolean;
  stop(): Promise<void>;
}

/**
 * Reminders, escalations, clocks and SLAs, once a minute by node-cron. Only the holder of the lease row runs a
 * pass, so two warroom processes on one database never both remind; the lease outlives a pass, and a crashed
 * holder's lease simply expires.
 */
export function startScheduler(opts: {
  ctx: () => Ctx;
  logger: Logger;
  onQueued: () => void;
  cron?: string;
  leaseMs?: number;
}): Scheduler {
  const holder = randomUUID();
  const leaseMs = opts.leaseMs ?? 90_000;
  const runOnce = (): boolean => {
    const ctx = opts.ctx();
    if (!ctx.store.schedules.acquireLease(LEASE, holder, ctx.now().getTime(), leaseMs)) return false;
    try {
      const queued = runScheduledJobs({ ctx });
      if (queued > 0) opts.onQueued();
    } catch (error) {
      opts.logger.error({ err: error }, 'scheduled jobs failed; the next pass tries again');
    }
    return true;
  };
  const task = schedule(opts.cron ?? '* * * * *', () => void runOnce());
  return {
    runOnce,
    async stop() {
      await task.stop();
    },
  };
}
