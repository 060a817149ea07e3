import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { InboxItem } from '../core/alert/alert-record.js';
import { NO_ENRICHMENT } from '../core/alert/catalog-types.js';
import type { Enricher } from '../core/alert/enricher.js';
import { routeAlerts, type RoutedAlert, type RoutedAlertInput } from '../core/alert/route-alerts.js';
import { scorePriority } from '../core/alert/priority-policy.js';
import type { Priority } from '../core/incident/incident.js';
import { alertIdentity } from '../core/alert/inbox-keys.js';
import type { Ctx } from '../core/context.js';
import type { Store } from '../core/store-port.js';
import type { WarroomMetrics } from '../infra/metrics/warroom-metrics.js';
import { turnQueue, type TurnQueue } from '../turn-queue.js';
import type { AlertSource } from './alert-source.js';

/**
 * How soon a firing alert is routed ahead of the queue, lower first: a tier-1 P1 (never held by the storm guard, so
 * its own war room) before other P1s before P2s; null for the rest, which keep their place.
 */
function urgencyOf(priority: Priority, tier: number | null): number | null {
  if (priority === 'P1') return tier === 1 ? 0 : 1;
  return priority === 'P2' ? 2 : null;
}
/** Attempts before a webhook that keeps failing is set aside as failed (and logged) so later ones can proceed. */
const MAX_ATTEMPTS = 5;
/** Pending webhooks looked at, oldest first, for new alerts to route ahead of queued repeats of known ones. */
const LOOKAHEAD = 500;
/** Urgent (P1/P2 candidate) webhooks looked at however far back in the queue they wait. */
const URGENT_LOOKAHEAD = 50;
/**
 * Routing work per batch (one transaction, one fsync): enough to share the commit among many webhooks, short
 * enough that a webhook's 202 or a Slack ack waiting behind the batch barely notices it.
 */
const BATCH_BUDGET_MS = 8;
const BATCH_MAX = 200;
/** Alert identities remembered as seen by the store. */
const MAX_SEEN = 50_000;

interface Prepared {
  items: RoutedAlertInput[];
  identities: string[];
  /**
   * Carries a firing P1 or P2 (once enriched): routed before everything else, as far as each alert's order allows,
   * most urgent first (see urgencyOf); null when it carries neither.
   */
  urgency: number | null;
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
  /**
   * Turns handed out between batches (default: its own queue, i.e. a yield to I/O after each batch, so webhooks and
   * Slack are read and answered in between).
   */
  turns?: TurnQueue;
  pollMs?: number;
  /** Store but do not process (tests that stop the app between the 202 and processing). */
  paused?: boolean;
}

/**
 * Turns stored webhooks into routed alerts in batches: each batch is one transaction (one fsync for many webhooks),
 * bounded in time, and each waits for its turn of the event loop so webhooks and Slack are answered in between.
 * Order: firing P1/P2 alerts first, then the queue oldest first, except webhooks about alerts the store already knows
 * (repeats, resolves), which wait behind it: new alerts do not queue behind a storm's repeats. A webhook only goes
 * ahead of older ones that carry none of its alerts, because a firing and its resolve must stay in order. Pending rows left by a crash are picked up at start.
 */
export function startAlertInboxProcessor(opts: AlertProcessorOptions): AlertInboxProcessor {
  const { store, sources, enricher, logger, metrics } = opts;
  const pollMs = opts.pollMs ?? 500;
  const turns = opts.turns ?? turnQueue();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  /** Webhooks looked at (normalized and enriched once) ahead of processing; by inbox id. */
  const prepared = new Map<number, Prepared>();
  /** Why a webhook could not be prepared (routing it records the error). */
  const unreadable = new Map<number, unknown>();

  async function prepare(item: InboxItem): Promise<Prepared | null> {
    const known = prepared.get(item.id);
    if (known) return known;
    if (unreadable.has(item.id)) return null;
    try {
      const ready = await prepareFresh(item);
      prepared.set(item.id, ready);
      return ready;
    } catch (error) {
      unreadable.set(item.id, error);
      return null;
    }
  }

  async function prepareFresh(item: InboxItem): Promise<Prepared> {
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
    const ranks = items
      .filter((i) => i.alert.status === 'firing' && !i.alert.test)
      .map((i) => urgencyOf(scorePriority(policy, i.alert.severity, i.enrichment.tier), i.enrichment.tier));
    const urgency = item.drillTag ? null : Math.min(...ranks.filter((r): r is number => r !== null));
    return {
      items,
      urgency: Number.isFinite(urgency) ? urgency : null,
      identities: items.map((i) => alertIdentity(i.alert)),
    };
  }

  /** Alert identities the store has seen (a seen one stays seen); bounded, starting afresh when full. */
  const seen = new Set<string>();
  function isKnown(identity: string): boolean {
    if (seen.has(identity)) return true;
    const [source = '', fingerprint = ''] = identity.split('\u0000');
    if (store.alerts.latest(source, fingerprint) === null) return false;
    if (seen.size >= MAX_SEEN) seen.clear();
    seen.add(identity);
    return true;
  }

  /** A row's alert identities: recorded when it was accepted, or read from its body for rows older than that. */
  async function identitiesOf(row: InboxItem): Promise<string[]> {
    if (row.identities) return JSON.parse(row.identities) as string[];
    return (await prepare(row))?.identities ?? [];
  }

  /** Pending webhooks in the order to route them (see the processor's comment). */
  async function ordered(): Promise<InboxItem[]> {
    const head = store.inbox.pending(LOOKAHEAD);
    if (head.length === 0) return [];
    const inHead = new Set(head.map((r) => r.id));
    const far = store.inbox.pendingUrgent(URGENT_LOOKAHEAD).filter((r) => !inHead.has(r.id));
    const urgent: InboxItem[] = [];
    const queue: InboxItem[] = [];
    const repeats: InboxItem[] = [];
    const older = new Set<string>();
    const behindRepeats = new Set<string>();
    for (const row of head) {
      const identities = await identitiesOf(row);
      const free = identities.every((k) => !older.has(k));
      // Only rows accepted as P1/P2 candidates are enriched here to know their priority; the rest when routed.
      if (identities.some((k) => behindRepeats.has(k))) repeats.push(row);
      else if (free && row.urgent && (await prepare(row))?.urgency != null) urgent.push(row);
      else if (identities.some(isKnown)) {
        repeats.push(row);
        for (const k of identities) behindRepeats.add(k);
      } else queue.push(row);
      for (const k of identities) older.add(k);
    }
    for (const row of far) {
      const identities = await identitiesOf(row);
      if ((await prepare(row))?.urgency != null && identities.every((k) => !store.inbox.hasOlderPending(row.id, k)))
        urgent.push(row);
    }
    const urgency = (row: InboxItem) => prepared.get(row.id)?.urgency ?? 3;
    return [...urgent.sort((a, b) => urgency(a) - urgency(b) || a.id - b.id), ...queue, ...repeats];
  }

  /** The head of `order` prepared (parsed, normalized, enriched) within the time budget: what one batch routes. */
  async function prepareBatch(order: InboxItem[]): Promise<InboxItem[]> {
    const started = performance.now();
    const batch: InboxItem[] = [];
    for (const row of order) {
      if (batch.length >= BATCH_MAX || (batch.length > 0 && performance.now() - started > BATCH_BUDGET_MS)) break;
      await prepare(row);
      batch.push(row);
    }
    return batch;
  }

  interface Outcome {
    item: InboxItem;
    routed?: RoutedAlert[];
    repeats?: number;
    error?: unknown;
    failed?: boolean;
  }

  /**
   * Routes webhooks in `order` in one transaction until the time budget is spent. A webhook that throws is rolled
   * back alone (routeAlerts' own transaction is a savepoint here) and the batch stops there, so nothing behind it
   * overtakes it unless it was set aside as failed.
   */
  function routeBatch(order: InboxItem[]): Outcome[] {
    const started = performance.now();
    return store.transaction((tx) => {
      const outcomes: Outcome[] = [];
      for (const queued of order) {
        if (outcomes.length >= BATCH_MAX || (outcomes.length > 0 && performance.now() - started > BATCH_BUDGET_MS))
          break;
        // Read again inside the transaction: copies may have been counted into it since it was listed.
        const item = tx.inbox.byId(queued.id);
        if (!item || item.status !== 'pending') continue;
        try {
          const ready = prepared.get(item.id);
          if (!ready) throw unreadable.get(item.id) ?? new Error('webhook not prepared');
          const routed = routeAlerts({
            ctx: opts.ctxFor(item.source),
            input: {
              inboxId: item.id,
              receivedAt: item.receivedAt,
              items: ready.items,
              drillTag: item.drillTag,
              repeats: item.repeats,
              lastReceivedAt: item.lastReceivedAt,
            },
          });
          outcomes.push({ item, routed, repeats: item.repeats });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const failed = item.attempts + 1 >= MAX_ATTEMPTS;
          tx.inbox.markAttempt(item.id, message, failed);
          outcomes.push({ item, error, failed });
          if (!failed) break; // it stays at the head; tried again at the next poll
        }
      }
      return outcomes;
    });
  }

  function report(outcome: Outcome): void {
    const { item, routed, error } = outcome;
    if (error !== undefined) {
      logger.error(
        { err: error, inboxId: item.id, attempts: item.attempts + 1, failed: outcome.failed },
        'alert processing failed',
      );
      if (outcome.failed) forget(item.id);
      return;
    }
    forget(item.id);
    for (const r of routed ?? []) {
      metrics.alertsRouted.inc({ source: item.source, outcome: r.outcome });
      if (r.outcome === 'repeated' || r.outcome === 'late') metrics.alertsDeduplicated.inc({ source: item.source });
      if (r.storm === 'started') metrics.stormsOpened.inc();
      if (r.storm === 'started' || r.storm === 'stormed' || r.storm === 'grouped')
        metrics.stormAlerts.inc({ source: item.source });
      if (r.storm === 'exempt') metrics.stormExempt.inc({ source: item.source });
    }
    if (outcome.repeats)
      metrics.alertsDeduplicated.inc({ source: item.source }, outcome.repeats * (routed?.length ?? 1));
    logger.info({ inboxId: item.id, source: item.source, routed, repeats: outcome.repeats }, 'alerts routed');
  }

  const forget = (id: number) => {
    prepared.delete(id);
    unreadable.delete(id);
  };

  async function drain(): Promise<void> {
    for (;;) {
      if (stopped) return;
      // One batch per turn: webhooks, Slack requests and deliveries that arrived meanwhile go first.
      await turns.wait();
      const batch = await prepareBatch(await ordered());
      if (batch.length === 0 || stopped) return;
      const outcomes = routeBatch(batch);
      for (const outcome of outcomes) report(outcome);
      if (outcomes.some((o) => o.routed)) opts.onRouted();
      if (outcomes.length === 0 || outcomes.some((o) => o.error !== undefined && !o.failed)) return;
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
