import type { RunningWarroom } from '../../src/app.js';
import { settleOutbox } from './run-outbox.js';
import type { TestClock } from './test-store.js';

/** One moment of a storm: `alerts` webhooks arrive `atMs` after it starts. */
export interface StormStep {
  atMs: number;
  alerts: number;
}

/**
 * A storm of `total` alerts over `durationMs`: one a second while the storm budget's intervals are short (the first
 * `denseMs`, where arriving every second is the worst case for the edits it allows), then the rest spread evenly in
 * steps of `stepMs`. Steps rather than every alert at its own instant keep the test's real time down.
 */
export function stormSchedule(o: { total: number; durationMs: number; denseMs: number; stepMs: number }): StormStep[] {
  const steps: StormStep[] = [];
  for (let at = 1_000; at <= o.denseMs; at += 1_000) steps.push({ atMs: at, alerts: 1 });
  const sparse: number[] = [];
  for (let at = o.denseMs + o.stepMs; at <= o.durationMs; at += o.stepMs) sparse.push(at);
  const rest = o.total - steps.length;
  if (rest < sparse.length) throw new Error(`a storm of ${o.total} alerts is too small for its schedule`);
  sparse.forEach((atMs, i) => {
    const alerts = Math.floor((rest * (i + 1)) / sparse.length) - Math.floor((rest * i) / sparse.length);
    steps.push({ atMs, alerts });
  });
  return steps;
}

/** An alert as Alertmanager sends it (payload version 4), with its own fingerprint; firing unless said otherwise. */
export interface StormAlert {
  fingerprint: string;
  summary: string;
  severity: 'critical' | 'warning';
  service: string;
  status?: 'firing' | 'resolved';
}

/**
 * POSTs one Alertmanager webhook (Bearer `secret`) carrying each of `alerts` `copies` times: copies of one alert in a
 * webhook stand for that many deliveries of it arriving at once (the routing counts each as a repeat), so a storm of
 * thousands costs hundreds of requests. Returns the status.
 */
export async function postStorm(url: string, secret: string, alerts: StormAlert[], copies = 1): Promise<number> {
  const body = JSON.stringify({
    version: '4',
    receiver: 'warroom',
    alerts: alerts.flatMap((a) =>
      Array.from({ length: copies }, () => ({
        status: a.status ?? 'firing',
        labels: { alertname: a.summary, severity: a.severity, service: a.service },
        annotations: { summary: a.summary },
        startsAt: '2026-12-08T09:59:00.000Z',
        fingerprint: a.fingerprint,
      })),
    ),
  });
  const res = await fetch(`${url}/webhooks/alerts/alertmanager`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Waits (on a condition) until the inbox processor has routed every webhook accepted so far. */
export async function routed(app: RunningWarroom): Promise<void> {
  app.alertProcessor.kick();
  while (app.store.inbox.pending(1).length > 0) await new Promise((r) => setTimeout(r, 1));
}

/**
 * Runs the storm on the test clock: at each step the clock moves to the step's time, `fire` sends its alerts through
 * the real webhook route, the processor routes them, and the outbox sends what is due at that moment (what the
 * storm budget holds for later waits for a later step). Returns how many alerts were fired.
 */
export async function driveStorm(
  app: RunningWarroom,
  clock: TestClock,
  steps: readonly StormStep[],
  fire: (count: number) => Promise<void>,
): Promise<number> {
  const start = clock.now().getTime();
  let fired = 0;
  for (const step of steps) {
    clock.set(new Date(start + step.atMs).toISOString());
    await fire(step.alerts);
    fired += step.alerts;
    await routed(app);
    await settleOutbox(app, clock);
  }
  return fired;
}

/** An `alerts.repeated` entry's payload. */
export interface RolledUpRepeats {
  repeats: number;
  from: string;
  to: string;
  alerts: Array<{ alertId: number; repeats: number }>;
}

/** The incident's roll-up entries of repeats, oldest first. */
export function rolledUpRepeats(app: RunningWarroom, incidentId: number): RolledUpRepeats[] {
  return app.store.timeline
    .forIncident(incidentId)
    .filter((e) => e.kind === 'alerts.repeated')
    .map((e) => JSON.parse(e.payload) as RolledUpRepeats);
}

/**
 * When the outbox sent each redraw of one message (by coalesce key, e.g. `warroom.alerts:1`), on the app's clock,
 * oldest first.
 */
export function redrawTimes(app: RunningWarroom, coalesceKey: string): number[] {
  return (
    app.database.sqlite
      .prepare("select sent_at from outbox where coalesce_key = ? and status = 'sent' order by id")
      .all(coalesceKey) as Array<{ sent_at: string }>
  ).map((r) => Date.parse(r.sent_at));
}
