import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { InboxItem } from '../core/alert/alert-record.js';
import { NO_ENRICHMENT } from '../core/alert/catalog-types.js';
import type { Enricher } from '../core/alert/enricher.js';
import { routeAlerts, type RoutedAlertInput } from '../core/alert/route-alerts.js';
import { scorePriority, type AlertPolicy } from '../core/alert/priority-policy.js';
import type { Ctx } from '../core/context.js';
import type { Store } from '../core/store-port.js';
import type { WarroomMetrics } from '../infra/metrics/warroom-metrics.js';
import type { AlertSource } from './alert-source.js';

/** Attempts before a webhook that keeps failing is set aside as failed (and logged) so later ones can proceed. */
const MAX_ATTEMPTS = 5;
/** Pending webhooks looked at for a tier-1 P1 to route ahead of a storm's queue. */
const LOOKAHEAD = 500;

interface Prepared {
  items: RoutedAlertInput[];
  /** A firing P1 of a tier-1 service: the storm guard never holds it, and neither should the queue. */
  urgent: boolean;
  identities: string[];
}

function isTier1P1(policy: AlertPolicy, item: RoutedAlertInput): boolean {
  return (
    item.alert.status === 'firing' &&
    item.enrichment.tier === 1 &&
    scorePriority(policy, item.alert.severity, item.enrichment.tier) === 'P1'
  );
}

export interface AlertInboxProcessor {
  kick(): void;
  /** Starts (again) after `stop()` or a paused start. */
  resume(): void;
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

  /** Webhooks looked at (normalized and enriched once) ahead of processing, to find tier-1 P1s; by inbox id. */
  const prepared = new Map<number, Prepared>();

  async function prepare(item: InboxItem): Promise<Prepared> {
    const known = prepared.get(item.id);
    if (known) return known;
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
        logger.warn(
          { err: error, source: alert.source, fingerprint: alert.fingerprint },
          'enrichment failed; routing without catalog data',
        );
      }
      const ms = performance.now() - started;
      metrics.enrichmentSeconds.observe({ enricher: enricher.name }, ms / 1000);
      if (alert.startsAt)
        metrics.detectToReceiveSeconds.observe(
          { source: alert.source },
          Math.max(0, (receivedAt.getTime() - Date.parse(alert.startsAt)) / 1000),
        );
      items.push({ alert, enrichment, enrichmentMs: ms });
    }
    const policy = opts.ctxFor(item.source).settings.alertPolicy;
    const urgent = !item.drillTag && items.some((i) => isTier1P1(policy, i));
    const ready = { items, urgent, identities: items.map((i) => `${i.alert.source}\u0000${i.alert.fingerprint}`) };
    prepared.set(item.id, ready);
    return ready;
  }

  /**
   * The oldest pending webhook, unless one of the next LOOKAHEAD carries a firing P1 of a tier-1 service: that one goes
   * first, so a storm's queue never holds a room that must open at once. Only if no older pending webhook carries
   * the same alert identity, because a firing and its resolve must stay in order.
   */
  async function next(): Promise<InboxItem | null> {
    const pending = store.inbox.pending(LOOKAHEAD);
    if (pending.length <= 1) return pending[0] ?? null;
    const older = new Set<string>();
    for (const row of pending) {
      let ready: Prepared | null = null;
      try {
        ready = await prepare(row);
      } catch {
        // Unreadable: processing it in its turn records the error. It cannot hide an identity we know of.
      }
      if (ready?.urgent && ready.identities.every((k) => !older.has(k))) return row;
      for (const k of ready?.identities ?? []) older.add(k);
    }
    return pending[0] ?? null;
  }

  async function processItem(item: InboxItem): Promise<void> {
    const { items } = await prepare(item);
    const routed = routeAlerts({
      ctx: opts.ctxFor(item.source),
      input: { inboxId: item.id, receivedAt: item.receivedAt, items, drillTag: item.drillTag },
    });
    prepared.delete(item.id);
    for (const r of routed) {
      metrics.alertsRouted.inc({ source: item.source, outcome: r.outcome });
      if (r.outcome === 'repeated' || r.outcome === 'late') metrics.alertsDeduplicated.inc({ source: item.source });
      if (r.storm === 'started') metrics.stormsOpened.inc();
      if (r.storm === 'started' || r.storm === 'stormed' || r.storm === 'grouped')
        metrics.stormAlerts.inc({ source: item.source });
      if (r.storm === 'exempt') metrics.stormExempt.inc({ source: item.source });
    }
    logger.info({ inboxId: item.id, source: item.source, routed }, 'alerts routed');
    opts.onRouted();
  }

  async function drain(): Promise<void> {
    for (;;) {
      if (stopped) return;
      // Let deliveries run between webhooks: a long queue (a storm) must not starve the outbox of the event loop,
      // or the room a P1 just opened would wait for the whole queue.
      await new Promise((resolve) => setImmediate(resolve));
      const item = await next();
      if (!item) return;
      try {
        await processItem(item);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const failed = item.attempts + 1 >= MAX_ATTEMPTS;
        if (failed) prepared.delete(item.id);
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
    resume() {
      stopped = false;
      schedule(0);
    },
    async idle(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && (running || store.inbox.pending(1).length > 0))
        await new Promise((r) => setTimeout(r, 20));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
