import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { routeAlerts } from '../../../src/core/alert/route-alerts.js';
import { DEFAULT_ALERT_POLICY } from '../../../src/core/alert/priority-policy.js';
import type { CoreSettings } from '../../../src/core/context.js';
import { acknowledgeIncident } from '../../../src/core/incident/acknowledge-incident.js';
import { changeStatus } from '../../../src/core/incident/change-status.js';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import { computeIncidentStats } from '../../../src/core/metrics/compute-incident-stats.js';
import { completeStep } from '../../../src/core/playbook/act-on-step.js';
import { reopenStage } from '../../../src/core/playbook/reopen-stage.js';
import { attachPlaybook } from '../../../src/core/playbook/attach-playbook.js';
import { Playbook } from '../../../src/core/playbook/playbook-schema.js';
import { addCorrectiveAction } from '../../../src/core/postmortem/add-corrective-action.js';
import { addWhy } from '../../../src/core/postmortem/add-why.js';
import { completeCorrectiveAction } from '../../../src/core/postmortem/complete-corrective-action.js';
import { flagRecurrences } from '../../../src/core/postmortem/flag-recurrences.js';
import { finalizePostmortem } from '../../../src/core/postmortem/finalize-postmortem.js';
import { setRootCauseCategory } from '../../../src/core/postmortem/set-root-cause-category.js';
import { startPostmortem } from '../../../src/core/postmortem/start-postmortem.js';
import { verifyCorrectiveAction } from '../../../src/core/postmortem/verify-corrective-action.js';
import { runIncidentCommand } from '../../../commands/index.js';
import { plainFmt } from '../../../src/core/fmt.js';
import { makeAlert, tierEnrichment } from '../../support/alert-builders.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const MIN = 60_000;
const playbook = Playbook.parse({
  id: 'data-breach',
  title: 'Data breach',
  version: 1,
  description: 'test',
  stages: [
    {
      id: 'triage',
      title: 'Triage',
      steps: [
        { id: 'scope', title: 'Scope the exposure', type: 'check', sla: 15 },
        { id: 'notify', title: 'Notify the authority', type: 'check', sla: 30 },
      ],
    },
    { id: 'recovery', title: 'Recovery', steps: [{ id: 'fix', title: 'Rotate the keys', type: 'check' }] },
  ],
  clocks: [{ id: 'gdpr', title: 'GDPR Art. 33 notification', hours: 1, stops: 'notify' }],
});

let t: TestStore;
// Months in Berlin: 2026-10-31T23:30Z is already November there. Grouping off: each alert opens its own incident.
const settings: Partial<CoreSettings> = {
  timeZone: 'Europe/Berlin',
  playbooks: [playbook],
  alertPolicy: { ...DEFAULT_ALERT_POLICY, grouping: [] },
};
const ctx = (actor: Parameters<TestStore['ctx']>[0] = 'alice') => t.ctx(actor, settings);
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

/** An alert-opened P1 on checkout at `declaredIso`, its problem starting `detectMinutes` earlier. */
function alertIncident(declaredIso: string, detectMinutes: number, techniques: string[], fingerprint: string) {
  t.clock.set(declaredIso);
  const startsAt = new Date(Date.parse(declaredIso) - detectMinutes * MIN).toISOString();
  const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt: declaredIso, body: '{}' });
  const [routed] = routeAlerts({
    ctx: ctx({ type: 'alert', source: 'alertmanager' }),
    input: {
      inboxId: inbox.id,
      receivedAt: declaredIso,
      items: [
        {
          alert: makeAlert({ fingerprint, startsAt, attackTechniques: techniques }),
          enrichment: tierEnrichment(1),
          enrichmentMs: 0,
        },
      ],
    },
  });
  const incidentId = routed?.incidentId ?? 0;
  attachPlaybook({ ctx: ctx('bob'), input: { incidentId, playbookId: 'data-breach' } });
  return {
    incidentId,
    at: (minutes: number) => t.clock.set(new Date(Date.parse(declaredIso) + minutes * MIN).toISOString()),
  };
}
const runOf = (incidentId: number) => t.store.playbooks.runsFor(incidentId)[0]?.id ?? 0;
const done = (incidentId: number, stepId: string) =>
  completeStep({ ctx: ctx('bob'), input: { runId: runOf(incidentId), stepId } });

/**
 * The fixture, by hand:
 * - B 2026-10-31 21:00Z (22:00 Berlin, October): detected 7 min before, ack +20, scope done +20 (SLA 15: late),
 *   notify +25 (SLA 30: kept; stops the 60-min clock in time), fix +45 (its stage started at +25), resolved +100.
 * - A 2026-10-31 23:30Z (00:30 Berlin, November): detected 3 min before, ack +10, scope done +12 (kept), notify never
 *   (SLA missed, judged at resolve +60; clock missed), resolved +60. Repeats B's technique on checkout: a recurrence.
 * - C 2026-09-15 declared by a person (no service, no priority), ack +5, still open.
 * - Out of the window (2026-08-01) and a drill: never counted.
 */
function seed() {
  t.clock.set('2026-08-01T10:00:00.000Z');
  declareIncident({ ctx: ctx('alice'), input: { title: 'Too old to count', severity: 'sev1' } });

  t.clock.set('2026-09-15T12:00:00.000Z');
  const c = declareIncident({ ctx: ctx('alice'), input: { title: 'Slow search', severity: 'sev3' } });
  t.clock.set('2026-09-15T12:05:00.000Z');
  acknowledgeIncident({ ctx: ctx('carol'), input: { incidentId: c.id } });

  const b = alertIncident('2026-10-31T21:00:00.000Z', 7, ['T1486', 'T1078'], 'fp-b');
  b.at(20);
  acknowledgeIncident({ ctx: ctx('bob'), input: { incidentId: b.incidentId } });
  done(b.incidentId, 'scope');
  b.at(25);
  done(b.incidentId, 'notify');
  b.at(45);
  done(b.incidentId, 'fix');
  b.at(100);
  changeStatus({ ctx: ctx('bob'), input: { incidentId: b.incidentId, status: 'resolved', confirmOpenWork: true } });
  startPostmortem({ ctx: ctx('bob'), input: { incidentId: b.incidentId } });
  addWhy({ ctx: ctx('bob'), input: { incidentId: b.incidentId, answer: 'A leaked key was never rotated' } });
  setRootCauseCategory({ ctx: ctx('bob'), input: { incidentId: b.incidentId, category: 'access-control' } });
  const action = (title: string, dueDate: string) =>
    addCorrectiveAction({
      ctx: ctx('bob'),
      input: {
        incidentId: b.incidentId,
        title,
        ownerId: 'carol',
        dueDate,
        kind: 'prevent',
        verification: 'keys older than 90 days fail CI',
        links: [],
      },
    });
  action('Rotate keys every 90 days', '2026-11-10'); // open, and overdue by 2026-11-24
  action('Alert on key age', '2026-12-31'); // open
  const verified = action('Scan repos for keys', '2026-12-31');
  completeCorrectiveAction({
    ctx: ctx('carol'),
    input: { incidentId: b.incidentId, number: verified.number, evidence: 'https://git.example.com/pr/42' },
  });
  verifyCorrectiveAction({ ctx: ctx('bob'), input: { incidentId: b.incidentId, number: verified.number } });
  const awaiting = action('Document rotation', '2026-12-31');
  completeCorrectiveAction({
    ctx: ctx('carol'),
    input: { incidentId: b.incidentId, number: awaiting.number, evidence: 'https://wiki.example.com/rotation' },
  });
  finalizePostmortem({ ctx: ctx('bob'), input: { incidentId: b.incidentId } });

  const a = alertIncident('2026-10-31T23:30:00.000Z', 3, ['T1486'], 'fp-a');
  // As the war room opens (the outbox delivery does this): A repeats B's technique on checkout.
  expect(flagRecurrences({ ctx: ctx({ type: 'system' }), input: { incidentId: a.incidentId } })).toBe(1);
  a.at(10);
  acknowledgeIncident({ ctx: ctx('bob'), input: { incidentId: a.incidentId } });
  a.at(12);
  done(a.incidentId, 'scope');
  a.at(60);
  changeStatus({ ctx: ctx('bob'), input: { incidentId: a.incidentId, status: 'resolved', confirmOpenWork: true } });
  startPostmortem({ ctx: ctx('bob'), input: { incidentId: a.incidentId } });

  t.clock.set('2026-11-20T10:00:00.000Z');
  const drill = declareIncident({ ctx: ctx('alice'), input: { title: 'Drill', severity: 'sev1' } });
  t.store.incidents.update(drill.id, { drillTag: 'drill-1' });

  t.clock.set('2026-11-24T09:00:00.000Z');
}

const none = { mttaMinutes: null, mttmMinutes: null, mttrMinutes: null, mttdMinutes: null };

describe('incident stats breakdowns', () => {
  it('per service, priority and calendar month in the team time zone, against hand-computed values', () => {
    seed();
    const s = computeIncidentStats({ ctx: ctx(), days: 90 });
    expect(s.overall.incidents).toBe(3);
    const checkout = { incidents: 2, mttaMinutes: 15, mttmMinutes: 80, mttrMinutes: 80, mttdMinutes: 5 };
    const manual = { incidents: 1, mttaMinutes: 5, mttmMinutes: null, mttrMinutes: null, mttdMinutes: null };
    expect(s.byService).toEqual({ '(none)': manual, checkout });
    expect(s.byPriority).toEqual({ '(none)': manual, P1: checkout });
    expect(s.byMonth).toEqual({
      '2026-08': { incidents: 0, ...none },
      '2026-09': manual,
      '2026-10': { incidents: 1, mttaMinutes: 20, mttmMinutes: 100, mttrMinutes: 100, mttdMinutes: 7 },
      '2026-11': { incidents: 1, mttaMinutes: 10, mttmMinutes: 60, mttrMinutes: 60, mttdMinutes: 3 },
    });
    // In UTC both alert incidents fall in October.
    const utc = computeIncidentStats({ ctx: t.ctx('alice', { ...settings, timeZone: 'UTC' }), days: 90 });
    expect(utc.byMonth['2026-10']?.incidents).toBe(2);
    expect(utc.byMonth['2026-11']?.incidents).toBe(0);
  });

  it('per playbook step: durations and SLA misses; clocks kept and missed', () => {
    seed();
    const s = computeIncidentStats({ ctx: ctx(), days: 90 });
    const base = { playbookId: 'data-breach', skipped: 0, notApplicable: 0 };
    expect(s.steps).toEqual([
      {
        ...base,
        stepId: 'fix',
        title: 'Rotate the keys',
        started: 1,
        done: 1,
        avgMinutes: 20,
        withSla: 0,
        slaMissed: 0,
        slaMissRate: null,
      },
      {
        ...base,
        stepId: 'notify',
        title: 'Notify the authority',
        started: 2,
        done: 1,
        avgMinutes: 25,
        withSla: 2,
        slaMissed: 1,
        slaMissRate: 0.5,
      },
      {
        ...base,
        stepId: 'scope',
        title: 'Scope the exposure',
        started: 2,
        done: 2,
        avgMinutes: 16,
        withSla: 2,
        slaMissed: 1,
        slaMissRate: 0.5,
      },
    ]);
    expect(s.clocks).toEqual([
      {
        playbookId: 'data-breach',
        clockId: 'gdpr',
        title: 'GDPR Art. 33 notification',
        started: 2,
        stoppedInTime: 1,
        missed: 1,
      },
    ]);
  });

  it("a reopened stage restarts its steps' clocks: durations and SLAs count from the reopening", () => {
    const r = alertIncident('2026-11-20T10:00:00.000Z', 1, [], 'fp-r');
    r.at(5);
    acknowledgeIncident({ ctx: ctx('bob'), input: { incidentId: r.incidentId } });
    r.at(20);
    done(r.incidentId, 'scope'); // 20 min: past its 15-min SLA
    r.at(30);
    reopenStage({
      ctx: ctx('bob'),
      input: { incidentId: r.incidentId, stageId: 'triage', reason: 'a second host was found' },
    });
    r.at(35);
    done(r.incidentId, 'scope'); // 5 min after the reopening: in time
    t.clock.set('2026-11-24T09:00:00.000Z');
    const scope = computeIncidentStats({ ctx: ctx(), days: 30 }).steps.find((st) => st.stepId === 'scope');
    expect(scope).toMatchObject({ started: 1, done: 1, avgMinutes: 5, withSla: 1, slaMissed: 0 });
  });

  it('postmortems, corrective actions, recurrence rate and ATT&CK techniques', () => {
    seed();
    const s = computeIncidentStats({ ctx: ctx(), days: 90 });
    expect(s.postmortems).toEqual({ finalized: 1, draft: 1 });
    expect(s.actions).toEqual({ open: 2, awaitingVerification: 1, overdue: 1, verified: 1 });
    expect(s.recurrence).toEqual({ incidents: 1, rate: 0.333 });
    expect(s.topTechniques).toEqual([
      { technique: 'T1486', incidents: 2 },
      { technique: 'T1078', incidents: 1 },
    ]);
    // A shorter window holds only A: its draft, no actions, and it is itself the recurrence.
    const week = computeIncidentStats({ ctx: ctx(), days: 30 });
    expect(week.overall.incidents).toBe(2);
    expect(week.recurrence).toEqual({ incidents: 1, rate: 0.5 });
  });

  it('answers /incident stats with the breakdowns, the late steps and the clocks', () => {
    seed();
    const result = runIncidentCommand('stats 90d', {
      ctx: ctx(),
      channelId: 'C',
      fmt: plainFmt,
      parseUser: () => null,
    });
    expect(result.type).toBe('reply');
    const text = result.type === 'reply' ? result.text : '';
    expect(text).toContain(
      'By service\n• (none): 1 incident · MTTA 5 min · MTTM — · MTTR — · detect —\n• checkout: 2 incidents · MTTA 15 min · MTTM 80 min · MTTR 80 min · detect 5 min',
    );
    expect(text).toContain('By month (Europe/Berlin)\n• 2026-08: 0 incidents');
    // A year is 13 calendar months: chat shows the latest five, oldest first, so the trend reads left to right.
    const year = runIncidentCommand('stats 366d', { ctx: ctx(), channelId: 'C', fmt: plainFmt, parseUser: () => null });
    const months = (year.type === 'reply' ? year.text : '')
      .split('\n')
      .filter((l) => /^• \d{4}-\d{2}:/.test(l))
      .map((l) => l.slice(2, 9));
    expect(months).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(year.type === 'reply' ? year.text : '').toContain('By month (Europe/Berlin) (last 5 of 13)');
    expect(text).toContain(
      '• postmortems: 1 finalized, 1 in draft · corrective actions: 2 open (1 overdue), 1 awaiting verification, 1 verified',
    );
    expect(text).toContain('• recurrences: 1 of 3 incidents repeated an earlier one (33%)');
    expect(text).toContain(
      'Steps that miss their SLA most\n• data-breach / Notify the authority: 1 of 2 late (50%) · takes 25 min on average',
    );
    expect(text).toContain('• clock data-breach / GDPR Art. 33 notification: 2 started, 1 kept, 1 missed');
  });

  it('narrows everything to one service: `/incident stats 90d service:checkout`, and says which services have incidents', () => {
    seed();
    const run = (args: string) => {
      const result = runIncidentCommand(args, { ctx: ctx(), channelId: 'C', fmt: plainFmt, parseUser: () => null });
      return result.type === 'reply' ? result.text : '';
    };
    const s = computeIncidentStats({ ctx: ctx(), days: 90, service: 'CHECKOUT' });
    expect(s.overall).toEqual({ incidents: 2, mttaMinutes: 15, mttmMinutes: 80, mttrMinutes: 80, mttdMinutes: 5 });
    expect(s.postmortems).toEqual({ finalized: 1, draft: 1 });
    expect(s.steps.map((st) => st.started)).toEqual([1, 2, 2]);
    const text = run('stats service:checkout 90d');
    expect(text).toMatch(/^Incidents on checkout, last 90 days \(drills excluded\)\n• all: 2 incidents · MTTA 15 min/);
    expect(text).not.toContain('By service');
    expect(run('stats 90d service:search')).toBe(
      'No incidents on service `search` in the last 90 days. Services with incidents: `checkout`.',
    );
  });

  it('tells a service the catalog does not know from a quiet one', () => {
    seed();
    const withCatalog = { ...settings, catalog: loadCatalog(join(process.cwd(), 'config/catalog.yaml')) };
    const run = (args: string) => {
      const result = runIncidentCommand(args, {
        ctx: t.ctx('alice', withCatalog),
        channelId: 'C',
        fmt: plainFmt,
        parseUser: () => null,
      });
      return result.type === 'reply' ? result.text : '';
    };
    expect(run('stats 90d service:chekout')).toBe(
      '`chekout` is not in the service catalog and had no incidents in the last 90 days. Catalog services: `checkout`, `payments-db`, `search`, `corp-it`, `internal-wiki`. With incidents: `checkout`.',
    );
    expect(run('stats 90d service:search')).toBe(
      'No incidents on service `search` in the last 90 days. Services with incidents: `checkout`.',
    );
  });
});
