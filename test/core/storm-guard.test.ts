import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ENRICHMENT, type Enrichment } from '../../src/core/alert/catalog-types.js';
import type { NormalizedAlert } from '../../src/core/alert/normalized-alert.js';
import { AlertPolicy, DEFAULT_ALERT_POLICY } from '../../src/core/alert/priority-policy.js';
import { routeAlerts } from '../../src/core/alert/route-alerts.js';
import { acknowledgeIncident } from '../../src/core/incident/acknowledge-incident.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { runScheduledJobs } from '../../src/core/schedule/run-scheduled-jobs.js';
import { declareSeparately } from '../../src/core/storm/declare-separately.js';
import { describeTimelineEntry } from '../../src/core/timeline/describe-timeline-entry.js';
import { plainFmt } from '../../src/core/fmt.js';
import { makeAlert, tierEnrichment } from '../support/alert-builders.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

/** A critical alert of an unknown service: P2 (unknown tier 3), which opens a war room under the default policy. */
const distinct = (i: number, over: Partial<NormalizedAlert> = {}) =>
  makeAlert({ fingerprint: `fp-${i}`, title: `Service svc-${i} down`, service: `svc-${i}`, ...over });

function route(alert: NormalizedAlert, enrichment: Enrichment = NO_ENRICHMENT, policy = DEFAULT_ALERT_POLICY) {
  const receivedAt = t.clock.now().toISOString();
  const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
  const [routed] = routeAlerts({
    ctx: t.ctx({ type: 'alert', source: 'alertmanager' }, { alertPolicy: policy }),
    input: { inboxId: inbox.id, receivedAt, items: [{ alert, enrichment, enrichmentMs: 0 }] },
  });
  if (!routed) throw new Error('nothing routed');
  return routed;
}
const kinds = (incidentId: number) => t.store.timeline.forIncident(incidentId).map((e) => e.kind);
const entries = (incidentId: number, kind: string) =>
  t.store.timeline.forIncident(incidentId).filter((e) => e.kind === kind);
const payload = <T>(e: { payload: string } | undefined) => JSON.parse(e?.payload ?? '{}') as T;

describe('storm guard', () => {
  it('opens the first 5 war rooms, then one storm incident that every further alert joins', () => {
    const opened = [1, 2, 3, 4, 5].map((i) => route(distinct(i)));
    expect(opened.map((r) => r.outcome)).toEqual(['opened', 'opened', 'opened', 'opened', 'opened']);
    const first = route(distinct(6));
    expect(first).toMatchObject({ outcome: 'stormed', storm: 'started', incidentId: 6 });
    const storm = t.store.incidents.byId(6);
    expect(storm).toMatchObject({
      title: 'Alert storm: more than 5 war rooms within 2 min',
      origin: 'alert',
      service: null,
      priority: 'P2',
      severity: 'sev2',
      bridgeUrl: null,
    });
    for (let i = 7; i <= 60; i += 1)
      expect(route(distinct(i))).toMatchObject({ outcome: 'stormed', storm: 'stormed', incidentId: 6 });
    expect(t.store.incidents.listOpen()).toHaveLength(6);
    expect(t.store.alerts.forIncident(6)).toHaveLength(55);
    // The start is on the timeline at once; the 54 joins wait for a batch or the minute (not 54 entries).
    expect(kinds(6)).toEqual(['incident.declared', 'storm.started']);
    expect(payload<{ alertId: number; maxWarRooms: number }>(entries(6, 'storm.started')[0])).toMatchObject({
      alertId: 6,
      maxWarRooms: 5,
      windowMinutes: 2,
      service: 'svc-6',
    });
    expect(
      describeTimelineEntry(
        entries(6, 'storm.started')[0] ?? { kind: '', payload: '{}', actor: '{}' },
        plainFmt,
        new Map(),
      ),
    ).toBe(
      '🌀 Alert storm: more than 5 war rooms would have opened within 2 min, so alerts join this incident instead, starting with Service svc-6 down',
    );
  });

  it('rolls joins up on the timeline: a full batch at once, the rest after a minute (the scheduler flushes a quiet storm)', () => {
    for (let i = 1; i <= 5 + 1 + 150; i += 1) route(distinct(i));
    const batches = () =>
      entries(6, 'storm.alerts_joined').map((e) => payload<{ alerts: number; total: number; alertIds: number[] }>(e));
    expect(batches()).toEqual([expect.objectContaining({ alerts: 100, total: 101 })]);
    t.clock.advance(30_000);
    runScheduledJobs({ ctx: t.ctx({ type: 'system', reason: 'test' }) });
    expect(batches()).toHaveLength(1);
    t.clock.advance(30_000);
    runScheduledJobs({ ctx: t.ctx({ type: 'system', reason: 'test' }) });
    expect(batches()).toHaveLength(2);
    expect(batches()[1]).toMatchObject({ alerts: 50, total: 151 });
    // Every alert that joined is named exactly once: the start, then the batches.
    const named = [
      payload<{ alertId: number }>(entries(6, 'storm.started')[0]).alertId,
      ...batches().flatMap((b) => b.alertIds),
    ];
    expect(named.sort((a, b) => a - b)).toEqual(t.store.alerts.forIncident(6).map((a) => a.id));
    expect(
      describeTimelineEntry(
        entries(6, 'storm.alerts_joined')[1] ?? { kind: '', payload: '{}', actor: '{}' },
        plainFmt,
        new Map(),
      ),
    ).toMatch(/^🌀 50 more alerts joined the storm \(151 in all\): svc-107, svc-108, /);
  });

  it('never holds back a P1 of a tier-1 service, even when its service is already in the storm', () => {
    for (let i = 1; i <= 8; i += 1) route(distinct(i));
    route(distinct(9, { service: 'checkout', title: 'Checkout latency' }));
    expect(t.store.alerts.forIncident(6).map((a) => a.service)).toContain('checkout');
    const p1 = route(makeAlert({ fingerprint: 'checkout-down' }), tierEnrichment(1));
    expect(p1).toMatchObject({ outcome: 'opened', storm: 'exempt' });
    expect(p1.incidentId).not.toBe(6);
    const received = entries(p1.incidentId ?? 0, 'alert.received')[0];
    expect(payload<{ reason: string }>(received).reason).toBe(
      'opened this incident (P1, tier 1: never held back by the storm guard)',
    );
    // A tier-2 P1 is held like the rest.
    expect(
      route(makeAlert({ fingerprint: 'search-down', service: 'search' }), { ...NO_ENRICHMENT, tier: 2 }),
    ).toMatchObject({ outcome: 'stormed', storm: 'stormed' });
  });

  it('lets alerts open their own rooms again once the window passes with the rate back under the threshold', () => {
    for (let i = 1; i <= 10; i += 1) route(distinct(i));
    t.clock.advance(60_000);
    expect(route(distinct(11))).toMatchObject({ outcome: 'stormed', incidentId: 6 });
    t.clock.advance(2 * 60_000 + 1);
    expect(route(distinct(12))).toMatchObject({ outcome: 'opened' });
    // A new burst later is a new storm (the old one went quiet).
    for (let i = 13; i <= 16; i += 1) route(distinct(i));
    const next = route(distinct(17));
    expect(next).toMatchObject({ outcome: 'stormed', storm: 'started' });
    expect(next.incidentId).not.toBe(6);
  });

  it("rolls a storm service's next alerts into the storm (grouped, no message each) and counts them outside the rate", () => {
    for (let i = 1; i <= 6; i += 1) route(distinct(i));
    const grouped = route(distinct(6, { fingerprint: 'fp-6b', title: 'Service svc-6 slow' }));
    expect(grouped).toMatchObject({ outcome: 'grouped', storm: 'grouped', incidentId: 6 });
    expect(kinds(6)).not.toContain('alert.received');
    const posts = t.database.sqlite
      .prepare("select count(*) as n from outbox where incident_id = 6 and intent like '%warroom.post%'")
      .get() as { n: number };
    expect(posts.n).toBe(1); // the storm's start only
  });

  it("counts a storm alert's repeats in the rolled-up message and in a roll-up entry, not as a timeline entry each", () => {
    for (let i = 1; i <= 7; i += 1) route(distinct(i));
    t.clock.advance(5 * 60_000);
    for (let n = 0; n < 3; n += 1) expect(route(distinct(7))).toMatchObject({ outcome: 'repeated', incidentId: 6 });
    expect(t.store.alerts.latest('alertmanager', 'fp-7')?.receivedCount).toBe(4);
    expect(kinds(6)).not.toContain('alerts.repeated');
    // One redraw waits for the storm's message (the two joins' and the repeats' joined into it).
    const summaries = t.database.sqlite
      .prepare(
        "select count(*) as n from outbox where incident_id = 6 and status = 'pending' and intent like '%warroom.alerts%'",
      )
      .get() as { n: number };
    expect(summaries.n).toBe(1);
    // Once they stop, the scheduler's pass puts them on the timeline in one entry; so it goes for a room of its own.
    route(distinct(1));
    t.clock.advance(60_000);
    runScheduledJobs({ ctx: t.ctx({ type: 'system', reason: 'scheduler' }) });
    expect(entries(6, 'alerts.repeated').map((e) => payload<{ repeats: number }>(e).repeats)).toEqual([3]);
    expect(entries(1, 'alerts.repeated').map((e) => payload<{ repeats: number }>(e).repeats)).toEqual([1]);
    expect(kinds(1)).not.toContain('alert.repeated');
  });

  it('follows policy storm_guard: off, or another threshold and window', () => {
    const off = AlertPolicy.parse({ ...DEFAULT_ALERT_POLICY, storm_guard: { enabled: false } });
    for (let i = 1; i <= 12; i += 1) expect(route(distinct(i), NO_ENRICHMENT, off).outcome).toBe('opened');
    const tight = AlertPolicy.parse({
      ...DEFAULT_ALERT_POLICY,
      storm_guard: { max_war_rooms: 2, window_minutes: 0.5 },
    });
    t.clock.advance(10 * 60_000);
    expect([13, 14, 15].map((i) => route(distinct(i), NO_ENRICHMENT, tight).outcome)).toEqual([
      'opened',
      'opened',
      'stormed',
    ]);
    expect(t.store.incidents.byId(15)?.title).toBe('Alert storm: more than 2 war rooms within 0.5 min');
    expect(DEFAULT_ALERT_POLICY.storm_guard).toEqual({ enabled: true, max_war_rooms: 5, window_minutes: 2 });
    expect(() => AlertPolicy.parse({ ...DEFAULT_ALERT_POLICY, storm_guard: { max_war_rooms: 0 } })).toThrow();
  });

  it("Declare separately moves a service's alerts into their own incident, led by whoever pressed it, on both timelines", () => {
    for (let i = 1; i <= 8; i += 1) route(distinct(i));
    route(distinct(7, { fingerprint: 'fp-7b', title: 'Service svc-7 slow' }));
    const split = declareSeparately({
      ctx: t.ctx('carol'),
      input: { stormIncidentId: 6, target: { service: 'SVC-7' } },
    });
    expect(split).toMatchObject({ what: 'svc-7', alerts: 2, storm: { id: 6 } });
    expect(split.incident).toMatchObject({
      leadId: 'carol',
      declaredBy: 'carol',
      service: 'svc-7',
      priority: 'P2',
      title: 'Service svc-7 down',
    });
    expect(t.store.alerts.forIncident(split.incident.id).map((a) => a.title)).toEqual([
      'Service svc-7 down',
      'Service svc-7 slow',
    ]);
    expect(t.store.alerts.forIncident(6).map((a) => a.service)).toEqual(['svc-6', 'svc-8']);
    const onStorm = payload<Record<string, unknown>>(entries(6, 'storm.split')[0]);
    expect(onStorm).toEqual({
      from: 'INC-0006',
      to: split.incident.ref,
      what: 'svc-7',
      alertIds: [7, 9],
      by: 'carol',
      via: 'button',
    });
    expect(payload<Record<string, unknown>>(entries(split.incident.id, 'storm.split')[0])).toEqual(onStorm);
    expect(kinds(split.incident.id)).toEqual(['incident.declared', 'alert.received', 'alert.received', 'storm.split']);
    expect(
      describeTimelineEntry(
        entries(6, 'storm.split')[0] ?? { kind: '', payload: '{}', actor: '{}' },
        plainFmt,
        new Map(),
      ),
    ).toBe(`✂️ @carol declared svc-7 separately: INC-0006 → ${split.incident.ref} (2 alerts)`);
    expect(t.store.storms.splitOut(6).map((a) => a.id)).toEqual([7, 9]);
    // Its next alert groups into its own incident now, not the storm.
    expect(route(distinct(7, { fingerprint: 'fp-7c' }))).toMatchObject({
      outcome: 'grouped',
      incidentId: split.incident.id,
    });
    // Once only; one alert by id; only storms; not by the alert itself.
    expect(() =>
      declareSeparately({ ctx: t.ctx('dave'), input: { stormIncidentId: 6, target: { service: 'svc-7' } } }),
    ).toThrow('No alert of svc-7 is in INC-0006 any more');
    expect(
      declareSeparately({ ctx: t.ctx('dave'), input: { stormIncidentId: 6, target: { alertId: 8 } } }),
    ).toMatchObject({ what: 'Service svc-8 down', alerts: 1 });
    expect(() =>
      declareSeparately({ ctx: t.ctx('dave'), input: { stormIncidentId: 1, target: { alertId: 1 } } }),
    ).toThrow('INC-0001 is not an alert storm');
    expect(() =>
      declareSeparately({
        ctx: t.ctx({ type: 'alert', source: 'x' }),
        input: { stormIncidentId: 6, target: { alertId: 6 } },
      }),
    ).toThrow('Only a person can do this.');
  });

  it('a storm incident is a normal incident: acknowledged, resolved; a later burst then opens a new storm', () => {
    for (let i = 1; i <= 7; i += 1) route(distinct(i));
    acknowledgeIncident({ ctx: t.ctx('alice'), input: { incidentId: 6, via: 'button' } });
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: 6, status: 'resolved', via: 'button' } });
    expect(t.store.incidents.byId(6)).toMatchObject({ leadId: 'alice', status: 'resolved' });
    expect(route(distinct(8))).toMatchObject({ outcome: 'stormed', storm: 'started', incidentId: 7 });
  });
});
