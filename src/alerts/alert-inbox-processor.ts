import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { InboxItem } from '../core/alert/alert-record.js';
import { NO_ENRICHMENT } from '../core/alert/catalog-types.js';
import type { Enricher } from '../core/alert/enricher.js';
import { routeAlerts, type RoutedAlertInput } from '../core/alert/route-alerts.js';
import type { Ctx } from '../core/context.js';
import type { Store } from '../core/store-port.js';
import type { WarroomMetrics } from '../metrics/warroom-metrics.js';
import type { AlertSource } from './alert-source.js';

/** Attempts before a webhook that keeps failing is set aside as failed (and logged) so later ones can proceed. */
const MAX_ATTEMPTS = 5;

export interface AlertInboxProcessor {
  kick(): void;
  /** Resolves once nothing is pending (or `timeoutMs` passed). */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface AlertProcessorOptions {
  store: Store;
  sources: Map<string, AlertSource>;
  enricher: Enricher;
  ctxFor: (source: string) => Ctx;
  logger: Logger;
  metrics: WarroomMetrics;
  /** Called after alerts were routed, so chat deliveries go out at once. */
  onRouted: () => void;
  pollMs?: number;
  /** Store but do not process (tests that stop the app between the 202 and processing). */
  paused?: boolean;
}

/**
 * Turns stored webhooks into routed alerts, oldest first and one at a time: order matters when a firing and its
 * resolve arrive close together. Pending rows left by a crash are picked up at start.
 */
export function startAlertInboxProcessor(opts: AlertProcessorOptions): AlertInboxProcessor {
  const { store, sources, enricher, logger, metrics } = opts;
  const pollMs = opts.pollMs ?? 500;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function processItem(item: InboxItem): Promise<void> {
    const source = sources.get(item.source);
    if (!source) throw new Error(`no alert source "${item.source}" any more`);
    const payload = source.schema.parse(JSON.parse(item.body));
    const receivedAt = new Date(item.receivedAt);
    const alerts = source.normalize(payload, { receivedAt });
    const items: RoutedAlertInput[] = [];
    for (const alert of alerts) {
      const started = performance.now();
      let enrichment = NO_ENRICHMENT;
      try {
        enrichment = await enricher.enrich(alert);
      } catch (error) {
        // A catalog outage must not stop alerts: route them unenriched (unknown tier) and say so in the log.
        logger.warn({ err: error, source: alert.source, fingerprint: alert.fingerprint }, 'enrichment failed; routing without catalog data');
      }
      const ms = performance.now() - started;
      metrics.enrichmentSeconds.observe({ enricher: enricher.name }, ms / 1000);
      if (alert.startsAt) metrics.detectToReceiveSeconds.observe({ source: alert.source }, Math.max(0, (receivedAt.getTime() - Date.parse(alert.startsAt)) / 1000));
      items.push({ alert, enrichment, enrichmentMs: ms });
    }
    const routed = routeAlerts({ ctx: opts.ctxFor(item.source), input: { inboxId: item.id, receivedAt: item.receivedAt, items, drillTag: item.drillTag } });
    for (const r of routed) {
      metrics.alertsRouted.inc({ source: item.source, outcome: r.outcome });
      if (r.outcome === 'repeated' || r.outcome === 'late') metrics.alertsDeduplicated.inc({ source: item.source });
    }
    logger.info({ inboxId: item.id, source: item.source, routed }, 'alerts routed');
    opts.onRouted();
  }

  async function drain(): Promise<void> {
    for (;;) {
      if (stopped) return;
      const [item] = store.inbox.pending(1);
      if (!item) return;
      try {
        await processItem(item);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const failed = item.attempts + 1 >= MAX_ATTEMPTS;
        store.inbox.markAttempt(item.id, message, failed);
        logger.error({ err: error, inboxId: item.id, attempts: item.attempts + 1, failed }, 'alert processing failed');
        if (!failed) return; // leave it at the head; try again at the next poll
      }
    }
  }

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
  }

  function tick(): void {
    if (running) return;
    running = drain()
      .catch((error: unknown) => logger.error({ err: error }, 'alert processor loop failed'))
      .finally(() => {
        running = null;
        schedule(pollMs);
      });
  }

  if (opts.paused) stopped = true;
  schedule(0);
  return {
    kick: () => schedule(0),
    async idle(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && (running || store.inbox.pending(1).length > 0)) await new Promise((r) => setTimeout(r, 20));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
