import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routeAlerts } from '../../../src/core/alert/route-alerts.js';
import { Catalog } from '../../../src/core/alert/catalog-types.js';
import type { CoreSettings } from '../../../src/core/context.js';
import { acknowledgeIncident } from '../../../src/core/incident/acknowledge-incident.js';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import { recordWarRoomOpened } from '../../../src/core/incident/record-war-room-opened.js';
import { completeStep } from '../../../src/core/playbook/act-on-step.js';
import { Playbook } from '../../../src/core/playbook/playbook-schema.js';
import { runScheduledJobs } from '../../../src/core/schedule/run-scheduled-jobs.js';
import { changeStatus } from '../../../src/core/incident/change-status.js';
import { closeIncident } from '../../../src/core/incident/close-incident.js';
import { describeIncident } from '../../../src/core/incident/describe-incident.js';
import { computeIncidentStats } from '../../../src/core/metrics/compute-incident-stats.js';
import { postStakeholderUpdate } from '../../../src/core/incident/post-stakeholder-update.js';
import { addNote } from '../../../src/core/timeline/add-note.js';
import { makeAlert, tierEnrichment } from '../../support/alert-builders.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const MINUTE = 60_000;
let t: TestStore;
let settings: Partial<CoreSettings>;
beforeEach(() => {
  t = openTestStore();
  settings = {};
});
afterEach(() => t.close());

const ctx = (user: string | { type: 'system' } = 'alice') => t.ctx(user, settings);
const run = () => runScheduledJobs({ ctx: ctx({ type: 'system' }) });
const reminders = () =>
  t.database.sqlite
    .prepare("select intent from outbox where intent like '%warroom.reminder%' order by id")
    .all()
    .map((r) => (JSON.parse((r as { intent: string }).intent) as { reminder: Record<string, unknown> }).reminder);

function openRoom(severity: 'sev1' | 'sev2' | 'sev3' = 'sev1') {
  const incident = declareIncident({ ctx: ctx(), input: { title: 'db down', severity } });
  recordWarRoomOpened({
    ctx: ctx({ type: 'system' }),
    input: { incidentId: incident.id, channelId: 'C1', channelName: 'inc-0001-db-down' },
  });
  return incident;
}

describe('status-update reminders', () => {
  it('remind once per interval without an update, never twice, and restart after an update', () => {
    openRoom('sev1');
    t.clock.advance(14 * MINUTE);
    expect(run()).toBe(0);
    t.clock.advance(1 * MINUTE);
    expect(run()).toBe(1);
    expect(run()).toBe(0); // same interval: already sent (a second process or a restart sends nothing)
    t.clock.advance(15 * MINUTE);
    expect(run()).toBe(1);
    expect(reminders()).toEqual([
      { kind: 'status', minutes: 15 },
      { kind: 'status', minutes: 30 },
    ]);
    addNote({ ctx: ctx(), input: { incidentId: 1, text: 'failover in progress' } });
    t.clock.advance(14 * MINUTE);
    expect(run()).toBe(0);
  });

  it('count a stakeholder update as a status update', () => {
    openRoom('sev1');
    t.clock.advance(14 * MINUTE);
    postStakeholderUpdate({
      ctx: ctx(),
      input: { incidentId: 1, text: 'Failing over to the standby; next update in 15 min' },
    });
    t.clock.advance(14 * MINUTE);
    expect(run()).toBe(0);
    t.clock.advance(1 * MINUTE);
    expect(run()).toBe(1);
  });

  it('follow the severity (sev3 every 60 min) and stop once resolved', () => {
    openRoom('sev3');
    t.clock.advance(59 * MINUTE);
    expect(run()).toBe(0);
    t.clock.advance(MINUTE);
    expect(run()).toBe(1);
  });
});

describe('escalation while unacknowledged', () => {
  it('pages each level of the service once, in order, and stops once acknowledged', () => {
    settings = {
      catalog: Catalog.parse({
        services: [
          {
            id: 'checkout',
            name: 'Checkout',
            owner_team: 'payments',
            tier: 1,
            escalation: [
              { after_minutes: 10, sandbox_users: ['carol'] },
              { after_minutes: 30, sandbox_users: ['dave'] },
            ],
          },
        ],
      }),
    };
    const receivedAt = t.clock.now().toISOString();
    const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
    routeAlerts({
      ctx: t.ctx({ type: 'alert', source: 'alertmanager' }, settings),
      input: {
        inboxId: inbox.id,
        receivedAt,
        items: [{ alert: makeAlert(), enrichment: tierEnrichment(1), enrichmentMs: 0 }],
      },
    });
    recordWarRoomOpened({
      ctx: ctx({ type: 'system' }),
      input: { incidentId: 1, channelId: 'C1', channelName: 'inc-0001' },
    });
    t.clock.advance(10 * MINUTE);
    run();
    t.clock.advance(5 * MINUTE);
    run();
    const escalations = () =>
      t.store.timeline
        .forIncident(1)
        .filter((e) => e.kind === 'incident.escalated')
        .map((e) => JSON.parse(e.payload) as { level: number; users: string[] });
    expect(escalations()).toEqual([{ level: 1, afterMinutes: 10, group: null, users: ['carol'] }]);
    acknowledgeIncident({ ctx: ctx('carol'), input: { incidentId: 1 } });
    t.clock.advance(30 * MINUTE);
    run();
    expect(escalations()).toHaveLength(1);
  });
});

describe('regulatory clocks and step SLAs', () => {
  const playbook = Playbook.parse({
    id: 'breach',
    title: 'Personal data breach',
    version: 1,
    description: 'd',
    roles: ['comms', 'security'],
    triggers: [{ title_contains: ['breach'] }],
    stages: [
      {
        id: 'triage',
        title: 'T',
        steps: [
          { id: 'scope', title: 'Scope the breach', type: 'check', owner: 'security', sla: 30 },
          { id: 'notify', title: 'Notify the supervisory authority', type: 'check', owner: 'comms' },
        ],
      },
    ],
    clocks: [{ id: 'gdpr', title: 'GDPR Art. 33 notification', hours: 72, starts: 'attach', stops: 'notify' }],
  });

  it('start on attach, remind at 50 % and 90 %, and stop in time when the stopping step is done', () => {
    settings = { playbooks: [playbook] };
    const incident = declareIncident({ ctx: ctx(), input: { title: 'Customer data breach', severity: 'sev3' } });
    recordWarRoomOpened({
      ctx: ctx({ type: 'system' }),
      input: { incidentId: incident.id, channelId: 'C1', channelName: 'inc-0001' },
    });
    const [clock] = t.store.schedules.clocksFor(incident.id);
    expect(clock).toMatchObject({
      title: 'GDPR Art. 33 notification',
      startedAt: '2026-11-24T09:00:00.000Z',
      deadline: '2026-11-27T09:00:00.000Z',
    });
    t.clock.advance(37 * 60 * MINUTE);
    run();
    t.clock.advance(29 * 60 * MINUTE);
    run();
    run();
    expect(reminders().filter((r) => r.kind === 'clock')).toEqual([
      { kind: 'clock', clockId: clock?.id, percent: 50 },
      { kind: 'clock', clockId: clock?.id, percent: 90 },
    ]);
    completeStep({ ctx: ctx('alice'), input: { runId: 1, stepId: 'notify' } });
    expect(t.store.schedules.clocksFor(incident.id)[0]).toMatchObject({ stoppedBy: 'alice', missedAt: null });
    expect(t.store.timeline.forIncident(incident.id).map((e) => e.kind)).toContain('clock.stopped');
  });

  it('record a miss at the deadline, once; overdue steps remind the owner role, then the lead', () => {
    settings = { playbooks: [playbook] };
    const incident = declareIncident({ ctx: ctx(), input: { title: 'Customer data breach', severity: 'sev4' } });
    recordWarRoomOpened({
      ctx: ctx({ type: 'system' }),
      input: { incidentId: incident.id, channelId: 'C1', channelName: 'inc-0001' },
    });
    t.clock.advance(30 * MINUTE);
    run();
    expect(reminders()).toEqual([{ kind: 'step-sla', runId: 1, stepId: 'scope', to: 'owner' }]);
    t.clock.advance(30 * MINUTE);
    run();
    expect(reminders().at(-1)).toEqual({ kind: 'step-sla', runId: 1, stepId: 'scope', to: 'lead' });
    t.clock.advance(80 * 60 * MINUTE);
    run();
    run();
    expect(t.store.timeline.forIncident(incident.id).filter((e) => e.kind === 'clock.missed')).toHaveLength(1);
    expect(
      reminders()
        .filter((r) => r.kind === 'clock')
        .map((r) => r.percent),
    ).toEqual([100]);
  });
  it('keep reminding after resolve (a notification duty outlives the fix); closing ends them, said on the close', () => {
    settings = { playbooks: [playbook] };
    const incident = declareIncident({ ctx: ctx(), input: { title: 'Customer data breach', severity: 'sev3' } });
    recordWarRoomOpened({
      ctx: ctx({ type: 'system' }),
      input: { incidentId: incident.id, channelId: 'C1', channelName: 'inc-0001' },
    });
    const clockId = t.store.schedules.clocksFor(incident.id)[0]?.id;
    // Due at half its 72 hours, not before: the pass finds it by its next mark.
    expect(t.store.schedules.clocksFor(incident.id)[0]?.remindAt).toBe('2026-11-25T21:00:00.000Z');
    changeStatus({ ctx: ctx(), input: { incidentId: incident.id, status: 'resolved', confirmOpenWork: true } });
    t.clock.advance(36 * 60 * MINUTE);
    run();
    expect(reminders().filter((r) => r.kind === 'clock')).toEqual([{ kind: 'clock', clockId, percent: 50 }]);
    expect(t.store.schedules.clocksFor(incident.id)[0]?.remindAt).toBe('2026-11-27T01:48:00.000Z');

    closeIncident({ ctx: ctx(), input: { incidentId: incident.id } });
    expect(t.store.schedules.clocksFor(incident.id)[0]).toMatchObject({
      endedAt: t.clock.now().toISOString(),
      remindAt: null,
      stoppedAt: null,
      missedAt: null,
    });
    const closed = t.store.timeline.forIncident(incident.id).find((e) => e.kind === 'incident.closed');
    expect(JSON.parse(closed?.payload ?? '{}')).toMatchObject({
      clocksEnded: [{ title: 'GDPR Art. 33 notification', deadline: '2026-11-27T09:00:00.000Z' }],
    });
    expect(t.store.schedules.dueClocks('2027-01-01T00:00:00.000Z', 10)).toEqual([]);
    const header = (now: Date) =>
      describeIncident(incident, [], [], now, t.store.schedules.clocksFor(incident.id)).clocks[0];
    expect(header(t.clock.now())).toMatchObject({ state: 'running', remaining: 'ended when the incident closed' });
    expect(header(new Date('2026-11-28T00:00:00.000Z'))).toMatchObject({ state: 'missed' });
    // Past the deadline: no reminder, no miss appended to the closed timeline; the stats count it missed.
    t.clock.advance(40 * 60 * MINUTE);
    run();
    expect(reminders().filter((r) => r.kind === 'clock')).toHaveLength(1);
    expect(t.store.timeline.forIncident(incident.id).at(-1)?.kind).toBe('incident.closed');
    expect(computeIncidentStats({ ctx: ctx(), days: 30 }).clocks).toMatchObject([
      { clockId: 'gdpr', started: 1, stoppedInTime: 0, missed: 1 },
    ]);
  });

  it('a clock stopped by its step leaves the due list; one missed leaves it at its deadline', () => {
    settings = { playbooks: [playbook] };
    declareIncident({ ctx: ctx(), input: { title: 'Customer data breach', severity: 'sev3' } });
    declareIncident({ ctx: ctx(), input: { title: 'Another breach', severity: 'sev3' } });
    const [first, second] = [1, 2].map((id) => t.store.schedules.clocksFor(id)[0]);
    completeStep({ ctx: ctx('alice'), input: { runId: 1, stepId: 'notify' } });
    expect(t.store.schedules.clocksFor(1)[0]).toMatchObject({ stoppedBy: 'alice', remindAt: null });
    const later = '2026-12-24T00:00:00.000Z';
    expect(t.store.schedules.dueClocks(later, 10).map((c) => c.id)).toEqual([second?.id]);
    t.clock.set(later);
    run();
    expect(t.store.schedules.clocksFor(2)[0]).toMatchObject({ missedAt: later, remindAt: null });
    expect(t.store.schedules.dueClocks(later, 10)).toEqual([]);
    expect(first?.remindAt).toBe('2026-11-25T21:00:00.000Z');
  });
});

describe('the lease', () => {
  it('lets one scheduler run at a time and hands over when it expires', () => {
    const repo = t.store.schedules;
    expect(repo.acquireLease('scheduler', 'a', 0, 90_000)).toBe(true);
    expect(repo.acquireLease('scheduler', 'b', 10_000, 90_000)).toBe(false);
    expect(repo.acquireLease('scheduler', 'a', 60_000, 90_000)).toBe(true);
    expect(repo.acquireLease('scheduler', 'b', 149_999, 90_000)).toBe(false);
    expect(repo.acquireLease('scheduler', 'b', 150_001, 90_000)).toBe(true);
  });
});

describe('overdue corrective actions and the weekly digest', () => {
  async function incidentWithAction(due: string) {
    const { startPostmortem } = await import('../../../src/core/postmortem/start-postmortem.js');
    const { addCorrectiveAction } = await import('../../../src/core/postmortem/add-corrective-action.js');
    const { changeStatus } = await import('../../../src/core/incident/change-status.js');
    const incident = openRoom('sev3');
    changeStatus({ ctx: ctx(), input: { incidentId: incident.id, status: 'resolved' } });
    startPostmortem({ ctx: ctx(), input: { incidentId: incident.id } });
    return addCorrectiveAction({
      ctx: ctx(),
      input: {
        incidentId: incident.id,
        title: 'Alert on replica lag',
        ownerId: 'bob',
        dueDate: due,
        kind: 'detect',
        verification: 'lag alert fires in staging',
      },
    });
  }
  const directs = () =>
    t.database.sqlite
      .prepare("select intent from outbox where intent like '%direct.overdue_action%' order by id")
      .all()
      .map((r) => JSON.parse((r as { intent: string }).intent) as { userId: string; actionId: number });

  it('message the owner once a day from the configured local time, until the action is no longer open', async () => {
    const action = await incidentWithAction('2026-11-25');
    t.clock.set('2026-11-26T08:59:00.000Z');
    run();
    expect(directs()).toEqual([]);
    t.clock.set('2026-11-26T09:00:00.000Z');
    run();
    t.clock.set('2026-11-26T17:00:00.000Z');
    run();
    expect(directs()).toEqual([{ type: 'direct.overdue_action', userId: 'bob', actionId: action.id }]);
    t.clock.set('2026-11-27T09:30:00.000Z');
    run();
    expect(directs()).toHaveLength(2);
  });

  it('honour WARROOM_TIME_ZONE for "09:00" and post the digest once per ISO week on its day', () => {
    settings = {
      timeZone: 'Europe/Berlin',
      alertPolicy: {
        ...t.ctx().settings.alertPolicy,
        reminders: {
          ...t.ctx().settings.alertPolicy.reminders,
          weekly_digest: { channel: 'incidents', day: 'mon', at: '09:00' },
        },
      },
    };
    const digests = () =>
      t.database.sqlite.prepare("select intent from outbox where intent like '%digest.post%'").all().length;
    t.clock.set('2026-11-30T07:59:00.000Z'); // Monday 08:59 in Berlin
    run();
    expect(digests()).toBe(0);
    t.clock.set('2026-11-30T08:00:00.000Z'); // Monday 09:00 in Berlin
    run();
    t.clock.set('2026-12-01T08:00:00.000Z'); // Tuesday
    run();
    expect(digests()).toBe(1);
    t.clock.set('2026-12-07T10:00:00.000Z'); // the next Monday
    run();
    expect(digests()).toBe(2);
  });
});

describe('clocks in the postmortem', () => {
  it('the Markdown timeline shows when a clock started, stopped and who stopped it', async () => {
    const { startPostmortem } = await import('../../../src/core/postmortem/start-postmortem.js');
    const { loadPostmortemReport } = await import('../../../src/core/postmortem/postmortem-report.js');
    const { renderPostmortemMarkdown } = await import('../../../src/core/postmortem/render-postmortem-markdown.js');
    const { changeStatus } = await import('../../../src/core/incident/change-status.js');
    settings = {
      playbooks: [
        Playbook.parse({
          id: 'breach',
          title: 'Breach',
          version: 1,
          description: 'd',
          roles: ['comms'],
          triggers: [{ title_contains: ['breach'] }],
          stages: [
            {
              id: 'triage',
              title: 'T',
              steps: [{ id: 'notify', title: 'Notify the authority', type: 'check', owner: 'comms' }],
            },
          ],
          clocks: [{ id: 'gdpr', title: 'GDPR Art. 33 notification', hours: 72, stops: 'notify' }],
        }),
      ],
    };
    const incident = declareIncident({ ctx: ctx(), input: { title: 'Data breach', severity: 'sev3' } });
    t.clock.advance(5 * 60 * MINUTE);
    completeStep({ ctx: ctx('alice'), input: { runId: 1, stepId: 'notify' } });
    changeStatus({ ctx: ctx(), input: { incidentId: incident.id, status: 'resolved' } });
    const { postmortem } = startPostmortem({ ctx: ctx(), input: { incidentId: incident.id } });
    const markdown = renderPostmortemMarkdown(
      loadPostmortemReport(t.store, t.store.incidents.byId(incident.id) ?? incident, postmortem),
      { timeZone: 'UTC' },
    );
    expect(markdown).toContain('Clock started: GDPR Art. 33 notification');
    expect(markdown).toMatch(/14:00:00 — Clock stopped in time: GDPR Art\. 33 notification by @alice/);
  });
});
