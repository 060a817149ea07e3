import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ENRICHMENT, type Enrichment } from '../../src/core/alert/catalog-types.js';
import type { NormalizedAlert } from '../../src/core/alert/normalized-alert.js';
import { routeAlerts } from '../../src/core/alert/route-alerts.js';
import { acknowledgeIncident } from '../../src/core/incident/acknowledge-incident.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { closeIncident } from '../../src/core/incident/close-incident.js';
import { plainFmt } from '../../src/core/fmt.js';
import { runScheduledJobs } from '../../src/core/schedule/run-scheduled-jobs.js';
import type { Store } from '../../src/core/store-port.js';
import { describeTimelineEntry } from '../../src/core/timeline/describe-timeline-entry.js';
import { verifyTimelineChain } from '../../src/core/timeline/verify-timeline-chain.js';
import { openDatabase } from '../../src/store/db.js';
import { sqliteStore } from '../../src/store/sqlite-store.js';
import { makeAlert } from '../support/alert-builders.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

/** Critical, of a service the catalog does not know: P2, a war room of its own (SEV2). */
const alert = (i = 1, over: Partial<NormalizedAlert> = {}) =>
  makeAlert({ fingerprint: `fp-${i}`, title: `Service svc-${i} down`, service: `svc-${i}`, ...over });

/** Stores a webhook in the inbox and routes its alerts as the processor does, on `store` (default: the test's). */
function route(alerts: NormalizedAlert[], o: { store?: Store; enrichment?: Enrichment } = {}) {
  const store = o.store ?? t.store;
  const receivedAt = t.clock.now().toISOString();
  const inbox = store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
  return routeAlerts({
    ctx: { ...t.ctx({ type: 'alert', source: 'alertmanager' }), store },
    input: {
      inboxId: inbox.id,
      receivedAt,
      items: alerts.map((a) => ({ alert: a, enrichment: o.enrichment ?? NO_ENRICHMENT, enrichmentMs: 0 })),
    },
  });
}
/** `n` repeats of the alert, one a second. */
function repeat(n: number, a: NormalizedAlert = alert(), store?: Store): void {
  for (let i = 0; i < n; i += 1) {
    t.clock.advance(1_000);
    expect(route([a], { store })[0]?.outcome).toBe('repeated');
  }
}
const kinds = (incidentId = 1) => t.store.timeline.forIncident(incidentId).map((e) => e.kind);
interface RollUp {
  repeats: number;
  from: string;
  to: string;
  alerts: Array<{ alertId: number; repeats: number }>;
}
const rollUps = (incidentId = 1, store: Store = t.store) =>
  store.timeline
    .forIncident(incidentId)
    .filter((e) => e.kind === 'alerts.repeated')
    .map((e) => JSON.parse(e.payload) as RollUp);
const counted = (incidentId = 1, store: Store = t.store) =>
  rollUps(incidentId, store).reduce((n, r) => n + r.repeats, 0);
const scheduler = () => runScheduledJobs({ ctx: t.ctx({ type: 'system', reason: 'scheduler' }) });
const tallied = () =>
  (t.database.sqlite.prepare('select coalesce(sum(repeats), 0) as n from alert_repeat_tallies').get() as { n: number })
    .n;

describe('repeats rolled up on the timeline', () => {
  it('a minute of repeats is one entry saying how many, from when to when; the scheduler writes the tail once they stop', () => {
    route([alert()]);
    repeat(150);
    const entries = rollUps();
    // One entry per minute of repeats (each closes with the repeat a minute after the window's first), the rest waits.
    expect(entries).toEqual([
      {
        repeats: 61,
        from: '2026-11-24T09:00:01.000Z',
        to: '2026-11-24T09:01:01.000Z',
        alerts: [{ alertId: 1, repeats: 61 }],
      },
      {
        repeats: 61,
        from: '2026-11-24T09:01:02.000Z',
        to: '2026-11-24T09:02:02.000Z',
        alerts: [{ alertId: 1, repeats: 61 }],
      },
    ]);
    expect(tallied()).toBe(28);
    // Not a minute yet since the tail's first repeat: the scheduler leaves it counting.
    scheduler();
    expect(rollUps()).toHaveLength(2);
    t.clock.advance(60_000);
    scheduler();
    expect(rollUps().at(-1)).toMatchObject({
      repeats: 28,
      from: '2026-11-24T09:02:03.000Z',
      to: '2026-11-24T09:02:30.000Z',
    });
    expect(counted()).toBe(150);
    expect(tallied()).toBe(0);
    expect(t.store.alerts.byId(1)?.receivedCount).toBe(151);
    expect(kinds()).toEqual([
      'incident.declared',
      'alert.received',
      'alerts.repeated',
      'alerts.repeated',
      'alerts.repeated',
    ]);
    expect(verifyTimelineChain(t.store.timeline.forIncident(1)).ok).toBe(true);
    const line = describeTimelineEntry(
      t.store.timeline.forIncident(1)[2] ?? { kind: '', payload: '{}', actor: '{}' },
      plainFmt,
      new Map(),
    );
    expect(line).toBe('🔁 +61 repeats 2026-11-24 09:00:01Z–2026-11-24 09:01:01Z: alert #1 ×61');
    // Nothing per repeat in the war room: the roll-up entries change no header and post nothing.
    const perRepeat = t.database.sqlite
      .prepare("select count(*) as n from outbox where intent like '%warroom.post%' or intent like '%warroom.header%'")
      .get() as { n: number };
    expect(perRepeat.n).toBe(1); // the header the incident opened with
  });

  it("a storm's repeating alerts share one entry a minute, a hundred alerts at most each", () => {
    for (let i = 1; i <= 130; i += 1) route([alert(i)]);
    const storm = t.store.incidents.byNumber(6);
    expect(storm?.title).toMatch(/^Alert storm/);
    const members = t.store.alerts.forIncident(storm?.id ?? 0);
    expect(members).toHaveLength(125);
    t.clock.advance(1_000);
    route(members.map((m) => alert(Number(m.fingerprint.slice(3)))));
    t.clock.advance(60_000);
    route([alert(6)]);
    const entries = rollUps(storm?.id);
    expect(entries.map((e) => e.alerts.length)).toEqual([100, 25]);
    expect(entries.map((e) => e.repeats)).toEqual([100 + 1, 25]);
    expect(counted(storm?.id)).toBe(126);
    expect(verifyTimelineChain(t.store.timeline.forIncident(storm?.id ?? 0)).ok).toBe(true);
  });

  it("written before what follows them: the alert's resolve, the incident's resolve, its close", () => {
    route([alert()]);
    repeat(5);
    t.clock.advance(1_000);
    route([alert(1, { status: 'resolved' })]);
    expect(kinds().slice(-3)).toEqual(['alerts.repeated', 'alert.resolved', 'alerts.all_resolved']);
    expect(counted()).toBe(5);

    // It fires again, starting later: a new occurrence, grouped into the incident still open; its repeats count there.
    t.clock.advance(60_000);
    const again = alert(1, { startsAt: '2026-11-24T09:01:00.000Z' });
    expect(route([again])[0]).toMatchObject({ outcome: 'grouped', incidentId: 1 });
    repeat(3, again);
    acknowledgeIncident({ ctx: t.ctx('alice'), input: { incidentId: 1 } });
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: 1, status: 'resolved', confirmOpenWork: true } });
    const resolvedAt = kinds().lastIndexOf('status.changed');
    expect(kinds()[resolvedAt - 1]).toBe('alerts.repeated');
    expect(counted()).toBe(8);

    // Repeats after the resolve still count (the incident is not closed), and go on before the close.
    repeat(2, again);
    closeIncident({ ctx: t.ctx('alice', { postmortemRequired: [] }), input: { incidentId: 1 } });
    expect(kinds().slice(-2)).toEqual(['alerts.repeated', 'incident.closed']);
    expect(counted()).toBe(10);
    expect(tallied()).toBe(0);
    expect(verifyTimelineChain(t.store.timeline.forIncident(1)).ok).toBe(true);
  });
});

describe('repeats and crashes', () => {
  it('a restart mid-window loses and doubles nothing: the counts waiting are on disk, and written once', () => {
    route([alert()]);
    repeat(40);
    expect(tallied()).toBe(40);
    // The process dies: nothing but what was committed is left. A new process opens the same database.
    t.database.close();
    const reopened = openDatabase(t.path);
    const store = sqliteStore(reopened.db);
    repeat(40, alert(), store);
    t.clock.advance(60_000);
    runScheduledJobs({ ctx: { ...t.ctx({ type: 'system', reason: 'scheduler' }), store } });
    expect(counted(1, store)).toBe(80);
    expect(rollUps(1, store).map((r) => r.repeats)).toEqual([61, 19]);
    expect(store.alerts.byId(1)?.receivedCount).toBe(81);
    expect(verifyTimelineChain(store.timeline.forIncident(1)).ok).toBe(true);
    reopened.close();
  });

  it('a crash while writing the roll-up entry takes the repeat with it: the replayed webhook counts it once', () => {
    route([alert()]);
    repeat(60);
    // The 61st repeat, a minute after the first, closes the window; the entry's write fails (the disk, a crash) half-way through the webhook.
    const failing: Store = {
      ...t.store,
      timeline: {
        ...t.store.timeline,
        insert: (entry) => {
          if (entry.kind === 'alerts.repeated') throw new Error('disk I/O error');
          return t.store.timeline.insert(entry);
        },
      },
      transaction: (fn) => t.store.transaction((tx) => fn({ ...failing, ...tx, timeline: failing.timeline })),
    };
    t.clock.advance(1_000);
    const receivedAt = t.clock.now().toISOString();
    const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
    const input = {
      inboxId: inbox.id,
      receivedAt,
      items: [{ alert: alert(), enrichment: NO_ENRICHMENT, enrichmentMs: 0 }],
    };
    expect(() =>
      routeAlerts({ ctx: { ...t.ctx({ type: 'alert', source: 'alertmanager' }), store: failing }, input }),
    ).toThrow('disk I/O error');
    // Nothing of that webhook stayed: not the count on the alert, not the tally, not the entry; the webhook waits.
    expect(t.store.alerts.byId(1)?.receivedCount).toBe(61);
    expect(tallied()).toBe(60);
    expect(rollUps()).toEqual([]);
    expect(t.store.inbox.byId(inbox.id)?.status).toBe('pending');
    // The processor tries it again: counted once, in one entry.
    routeAlerts({ ctx: t.ctx({ type: 'alert', source: 'alertmanager' }), input });
    expect(rollUps().map((r) => r.repeats)).toEqual([61]);
    expect(tallied()).toBe(0);
    expect(t.store.alerts.byId(1)?.receivedCount).toBe(62);
    expect(verifyTimelineChain(t.store.timeline.forIncident(1)).ok).toBe(true);
  });
});
