import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareFromTriage, dismissAlert } from '../../src/core/alert/decide-triage.js';
import type { NormalizedAlert } from '../../src/core/alert/normalized-alert.js';
import { routeAlerts } from '../../src/core/alert/route-alerts.js';
import { acknowledgeIncident } from '../../src/core/incident/acknowledge-incident.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { closeIncident } from '../../src/core/incident/close-incident.js';
import { addWhy } from '../../src/core/postmortem/add-why.js';
import { finalizePostmortem } from '../../src/core/postmortem/finalize-postmortem.js';
import { setRootCauseCategory } from '../../src/core/postmortem/set-root-cause-category.js';
import { startPostmortem } from '../../src/core/postmortem/start-postmortem.js';
import type { Enrichment } from '../../src/core/alert/catalog-types.js';
import { makeAlert, tierEnrichment } from '../support/alert-builders.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

/** Stores a webhook in the inbox and routes its alerts, as the processor does. */
function route(alerts: NormalizedAlert[], enrichment: Enrichment = tierEnrichment(1, ['alice'])) {
  const receivedAt = t.clock.now().toISOString();
  const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
  const routed = routeAlerts({
    ctx: t.ctx({ type: 'alert', source: 'alertmanager' }),
    input: { inboxId: inbox.id, receivedAt, items: alerts.map((alert) => ({ alert, enrichment, enrichmentMs: 0.2 })) },
  });
  expect(t.store.inbox.byId(inbox.id)?.status).toBe('processed');
  return routed;
}
const kinds = (incidentId: number) => t.store.timeline.forIncident(incidentId).map((e) => e.kind);
const intents = () =>
  t.database.sqlite
    .prepare('select intent from outbox order by id')
    .all()
    .map((r) => (JSON.parse((r as { intent: string }).intent) as { type: string }).type);

describe('routing alerts', () => {
  it('opens a war room for a P1 alert: no lead yet, severity from priority, detection times, on-call paged', () => {
    const [r] = route([makeAlert()]);
    expect(r).toMatchObject({ outcome: 'opened' });
    const incident = t.store.incidents.byId(r?.incidentId ?? 0);
    expect(incident).toMatchObject({
      origin: 'alert',
      leadId: null,
      declaredBy: null,
      priority: 'P1',
      severity: 'sev1',
      service: 'checkout',
      detectedAt: '2026-11-24T08:59:00.000Z',
      alertReceivedAt: '2026-11-24T09:00:00.000Z',
      title: 'Checkout 5xx above 5%',
    });
    expect(kinds(incident?.id ?? 0)).toEqual(['incident.declared', 'alert.received']);
    expect(intents()).toEqual(['warroom.open', 'warroom.header', 'warroom.page', 'warroom.alerts']);
    expect(t.store.alerts.forIncident(incident?.id ?? 0)).toMatchObject([
      { priority: 'P1', triage: 'none', receivedCount: 1, enrichmentMs: 0.2 },
    ]);
  });

  it('counts repeats of the same occurrence instead of opening anything', () => {
    route([makeAlert()]);
    t.clock.advance(30_000);
    const [again] = route([makeAlert()]);
    expect(again).toMatchObject({ outcome: 'repeated', incidentId: 1 });
    expect(t.store.incidents.listOpen()).toHaveLength(1);
    expect(t.store.alerts.byId(again?.alertId ?? 0)).toMatchObject({
      receivedCount: 2,
      lastReceivedAt: '2026-11-24T09:00:30.000Z',
    });
    // Counted for the timeline, not an entry each: they go on it together once a minute of them is counted.
    expect(kinds(1)).toEqual(['incident.declared', 'alert.received']);
    t.clock.advance(60_000);
    route([makeAlert()]);
    expect(kinds(1)).toEqual(['incident.declared', 'alert.received', 'alerts.repeated']);
    expect(JSON.parse(t.store.timeline.forIncident(1).at(-1)?.payload ?? '{}')).toEqual({
      repeats: 2,
      from: '2026-11-24T09:00:30.000Z',
      to: '2026-11-24T09:01:30.000Z',
      alerts: [{ alertId: again?.alertId, repeats: 2 }],
    });
  });

  it('groups a different alert of the same service within the window, and not after it', () => {
    route([makeAlert()]);
    t.clock.advance(5 * 60_000);
    const [grouped] = route([makeAlert({ fingerprint: 'fp-2', title: 'Checkout latency p99 > 2s' })]);
    expect(grouped).toMatchObject({ outcome: 'grouped', incidentId: 1 });
    const entry = t.store.timeline.last(1);
    expect(JSON.parse(entry?.payload ?? '{}')).toMatchObject({ reason: 'grouped: same service within 10 min' });
    t.clock.advance(11 * 60_000);
    const [separate] = route([makeAlert({ fingerprint: 'fp-3', title: 'Checkout pods restarting' })]);
    expect(separate).toMatchObject({ outcome: 'opened', incidentId: 2 });
  });

  it('leaves below-threshold alerts in triage, and a person declares or dismisses them once', () => {
    const [low] = route([makeAlert({ severity: 'medium', fingerprint: 'fp-low' })], tierEnrichment(3));
    expect(low).toMatchObject({ outcome: 'triage', incidentId: null });
    expect(t.store.alerts.byId(low?.alertId ?? 0)).toMatchObject({ priority: 'P3', triage: 'pending' });
    expect(intents()).toEqual(['triage.post']);

    const incident = declareFromTriage({ ctx: t.ctx('bob'), input: { alertId: low?.alertId ?? 0 } });
    expect(incident).toMatchObject({
      leadId: 'bob',
      declaredBy: 'bob',
      priority: 'P3',
      severity: 'sev3',
      origin: 'alert',
    });
    expect(t.store.alerts.byId(low?.alertId ?? 0)).toMatchObject({
      triage: 'declared',
      triageBy: 'bob',
      incidentId: incident.id,
    });
    expect(() => declareFromTriage({ ctx: t.ctx('carol'), input: { alertId: low?.alertId ?? 0 } })).toThrow(
      /already declared as an incident \(INC-0001\)/,
    );
    expect(() => dismissAlert({ ctx: t.ctx('carol'), input: { alertId: low?.alertId ?? 0, reason: 'noise' } })).toThrow(
      /already declared/,
    );

    const wiki = { ...tierEnrichment(4), service: null };
    const [other] = route([makeAlert({ severity: 'low', fingerprint: 'fp-other', service: 'wiki' })], wiki);
    expect(() => dismissAlert({ ctx: t.ctx('carol'), input: { alertId: other?.alertId ?? 0, reason: '' } })).toThrow(
      /Say why/,
    );
    const dismissed = dismissAlert({
      ctx: t.ctx('carol'),
      input: { alertId: other?.alertId ?? 0, reason: 'known flapping check' },
    });
    expect(dismissed).toMatchObject({ triage: 'dismissed', triageBy: 'carol', triageReason: 'known flapping check' });
    // A dismissed alert that keeps firing only counts up (its triage message shows the count).
    const triagePosts = () => intents().filter((i) => i === 'triage.post').length;
    const before = triagePosts();
    expect(route([makeAlert({ severity: 'low', fingerprint: 'fp-other', service: 'wiki' })], wiki)[0]).toMatchObject({
      outcome: 'repeated',
    });
    expect(triagePosts()).toBe(before + 1);
  });

  it('marks resolved alerts, and asks the lead to resolve when every alert is resolved (never closes by itself)', () => {
    route([makeAlert(), makeAlert({ fingerprint: 'fp-2', title: 'Checkout latency' })]);
    route([makeAlert({ status: 'resolved', endsAt: '2026-11-24T09:10:00.000Z' })]);
    expect(kinds(1).slice(-1)).toEqual(['alert.resolved']);
    expect(intents().filter((i) => i === 'warroom.resolve_prompt')).toHaveLength(0);
    route([makeAlert({ fingerprint: 'fp-2', title: 'Checkout latency', status: 'resolved' })]);
    expect(kinds(1).slice(-2)).toEqual(['alert.resolved', 'alerts.all_resolved']);
    expect(intents().filter((i) => i === 'warroom.resolve_prompt')).toHaveLength(1);
    expect(t.store.incidents.byId(1)?.status).toBe('declared');
    // A duplicate resolve is only counted.
    expect(route([makeAlert({ status: 'resolved' })])[0]).toMatchObject({ outcome: 'repeated' });
  });

  it('accepts a resolve that arrives before its firing, and the late firing opens nothing', () => {
    const [early] = route([makeAlert({ status: 'resolved', endsAt: '2026-11-24T09:00:00.000Z' })]);
    expect(early).toMatchObject({ outcome: 'resolved-unseen', incidentId: null });
    const [late] = route([makeAlert()]);
    expect(late).toMatchObject({ outcome: 'late', incidentId: null, alertId: early?.alertId });
    expect(t.store.incidents.listOpen()).toHaveLength(0);
    // The same alert starting again later is a new occurrence.
    t.clock.advance(60 * 60_000);
    expect(route([makeAlert({ startsAt: '2026-11-24T09:59:00.000Z' })])[0]).toMatchObject({ outcome: 'opened' });
  });

  it('opens a new incident when an alert fires again after its incident was closed', () => {
    route([makeAlert()]);
    acknowledgeIncident({ ctx: t.ctx('alice'), input: { incidentId: 1 } });
    expect(t.store.incidents.byId(1)?.leadId).toBe('alice');
    expect(kinds(1)).toContain('lead.assigned');
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: 1, status: 'resolved' } });
    // A P1 alert makes a SEV1 incident: it closes only after its postmortem is finalized.
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: 1 } });
    addWhy({ ctx: t.ctx('alice'), input: { incidentId: 1, answer: 'checkout pods ran out of memory' } });
    setRootCauseCategory({ ctx: t.ctx('alice'), input: { incidentId: 1, category: 'capacity' } });
    finalizePostmortem({ ctx: t.ctx('alice'), input: { incidentId: 1 } });
    closeIncident({ ctx: t.ctx('alice'), input: { incidentId: 1 } });
    expect(route([makeAlert()])[0]).toMatchObject({ outcome: 'opened', incidentId: 2 });
  });

  it('rolls a webhook back whole if one alert cannot be stored', () => {
    const receivedAt = t.clock.now().toISOString();
    const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
    const bad = { ...makeAlert({ fingerprint: 'fp-b' }), severity: 'apocalyptic' } as unknown as NormalizedAlert;
    expect(() =>
      routeAlerts({
        ctx: t.ctx({ type: 'alert', source: 'x' }),
        input: {
          inboxId: inbox.id,
          receivedAt,
          items: [
            { alert: makeAlert(), enrichment: tierEnrichment(1), enrichmentMs: 0 },
            { alert: bad, enrichment: tierEnrichment(1), enrichmentMs: 0 },
          ],
        },
      }),
    ).toThrow();
    expect(t.store.incidents.listOpen()).toHaveLength(0);
    expect(t.store.inbox.byId(inbox.id)?.status).toBe('pending');
  });
});

describe('alert texts', () => {
  it('the roll-up names ATT&CK techniques and escapes through the platform formatter', async () => {
    const { describeAlertSummary } = await import('../../src/core/alert/describe-alert-summary.js');
    const { slackFmt } = await import('../../src/adapters/slack/slack-fmt.js');
    route([makeAlert({ title: 'Brute force <!here>', attackTechniques: ['T1110.001'], asset: { host: 'bastion-1' } })]);
    const text = describeAlertSummary(t.store.alerts.forIncident(1), slackFmt);
    expect(text).toContain(
      ':red_circle: Brute force &lt;!here&gt; (alertmanager, critical, P1) · checkout · bastion-1 · ATT&amp;CK T1110.001',
    );
    expect(text).toMatch(/^\*Alerts\* — 1 received · 1 firing · 0 resolved · last <!date/);
  });
});
