import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../../core/store-port.js';
import type { IncidentStats } from '../../core/metrics/incident-stats.js';
import { registerStatsGauges } from './stats-gauges.js';

export interface WarroomMetrics {
  registry: Registry;
  alertsReceived: Counter<'source'>;
  alertsDeduplicated: Counter<'source'>;
  alertsRejected: Counter<'source' | 'reason'>;
  alertsRouted: Counter<'source' | 'outcome'>;
  /** Alerts that joined a storm incident (policy storm_guard) instead of opening a war room each. */
  stormAlerts: Counter<'source'>;
  stormsOpened: Counter;
  /** P1 alerts of tier-1 services that opened their own war room while the storm guard held others back. */
  stormExempt: Counter<'source'>;
  enrichmentSeconds: Histogram<'enricher'>;
  /** Alert start → received by warroom (time to detect, as far as we can see it). */
  detectToReceiveSeconds: Histogram<'source'>;
}

/** One registry per app instance (not prom-client's global one), so tests can run several apps in one process. */
export function createMetrics(store: Store, statsSource?: () => IncidentStats): WarroomMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'warroom_process_' });
  const metrics: WarroomMetrics = {
    registry,
    alertsReceived: new Counter({
      name: 'warroom_alerts_received_total',
      help: 'Alerts accepted from webhooks, by source.',
      labelNames: ['source'],
      registers: [registry],
    }),
    alertsDeduplicated: new Counter({
      name: 'warroom_alerts_deduplicated_total',
      help: 'Alerts that repeated an occurrence already known (counted, not opened again), by source.',
      labelNames: ['source'],
      registers: [registry],
    }),
    alertsRejected: new Counter({
      name: 'warroom_alerts_rejected_total',
      help: 'Webhooks refused, by source and reason (unauthorized, disabled, too_large, bad_json, invalid, no_title, unavailable).',
      labelNames: ['source', 'reason'],
      registers: [registry],
    }),
    alertsRouted: new Counter({
      name: 'warroom_alerts_routed_total',
      help: 'Alerts routed, by outcome.',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    }),
    stormAlerts: new Counter({
      name: 'warroom_storm_alerts_total',
      help: 'Alerts that joined a storm incident instead of opening a war room of their own (storm_guard), by source.',
      labelNames: ['source'],
      registers: [registry],
    }),
    stormsOpened: new Counter({
      name: 'warroom_storms_opened_total',
      help: 'Storm incidents opened by the storm guard.',
      registers: [registry],
    }),
    stormExempt: new Counter({
      name: 'warroom_storm_exempt_total',
      help: 'P1 alerts of tier-1 services that opened their own war room while the storm guard held others back, by source.',
      labelNames: ['source'],
      registers: [registry],
    }),
    enrichmentSeconds: new Histogram({
      name: 'warroom_enrichment_seconds',
      help: 'Catalog lookup time per alert.',
      labelNames: ['enricher'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
      registers: [registry],
    }),
    detectToReceiveSeconds: new Histogram({
      name: 'warroom_alert_detect_to_receive_seconds',
      help: 'From the alert start reported by the source to its receipt by warroom.',
      labelNames: ['source'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'warroom_outbox_depth',
    help: 'Chat deliveries waiting to be sent.',
    registers: [registry],
    collect() {
      this.set(store.outbox.countPending());
    },
  });
  new Counter({
    name: 'warroom_outbox_dead_total',
    help: 'Chat deliveries refused for good (dead-lettered), by the method that refused and its error. See `warroom outbox list`.',
    labelNames: ['method', 'error'],
    registers: [registry],
    // Read from the append-only dead-letter table at each scrape: it survives restarts, counts rows dead-lettered
    // by any process, and never goes down when an operator re-drives or discards one.
    collect() {
      this.reset();
      for (const { method, code, count } of store.outbox.deadLetterCounts()) this.inc({ method, error: code }, count);
    },
  });
  new Gauge({
    name: 'warroom_alert_inbox_pending',
    help: 'Webhooks stored but not yet processed.',
    registers: [registry],
    collect() {
      this.set(store.inbox.pending(100_000).length);
    },
  });
  if (statsSource) registerStatsGauges(registry, statsSource);
  return metrics;
}
