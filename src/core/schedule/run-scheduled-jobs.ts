import { whoToPage } from '../alert/who-to-page.js';
import { differenceInMinutes, getISOWeek, getISOWeekYear } from 'date-fns';
import { zonedParts } from '../postmortem/zoned-time.js';
import type { Ctx } from '../context.js';
import { STATUSES, type Incident } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { StageStarts } from '../playbook/playbook-run.js';
import type { Playbook } from '../playbook/playbook-schema.js';
import { stepViews } from '../playbook/step-availability.js';
import type { Store } from '../store-port.js';
import { rollUpQuietStorms } from '../storm/roll-up-storm-joins.js';
import { rollUpQuietRepeats } from '../alert/roll-up-repeats.js';
import { ROLL_UP_QUIET_MS } from '../outbox/roll-up-budget.js';
import { loadIncident } from '../incident/load-incident.js';
import { marksReached, nextReminderAt } from './clock-marks.js';

/** Timeline kinds that count as a status update for the stale-status reminder. */
const UPDATES = new Set([
  'incident.declared',
  'incident.acknowledged',
  'status.changed',
  'severity.changed',
  'note.added',
  'update.posted',
  'lead.assigned',
]);

/** Incidents being worked on get reminders and escalations; resolved and closed ones only their clocks. */
const ACTIVE = STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');

function remind(
  store: Store,
  ctx: Ctx,
  key: string,
  incident: Incident,
  reminder: Parameters<typeof enqueueDelivery>[1]['intent'] & { type: 'warroom.reminder' },
): number {
  if (!store.schedules.claimReminder(key, incident.id, ctx.now())) return 0;
  enqueueDelivery(store, { key: `reminder:${key}`, now: ctx.now(), intent: reminder });
  return 1;
}

/** No status update for longer than the severity's interval: remind the room, once per interval elapsed. */
function staleStatus(store: Store, ctx: Ctx, incident: Incident): number {
  const minutes = ctx.settings.alertPolicy.reminders.status_update_minutes[incident.severity];
  if (!minutes) return 0;
  const last = [...store.timeline.latest(incident.id, 50)].reverse().find((e) => UPDATES.has(e.kind));
  const since = differenceInMinutes(ctx.now(), new Date(last?.at ?? incident.declaredAt));
  if (since < minutes) return 0;
  // The key names the last update and how many intervals passed: one reminder per interval, none repeated.
  const key = `status:${incident.id}:${last?.seq ?? 0}:${Math.floor(since / minutes)}`;
  return remind(store, ctx, key, incident, {
    type: 'warroom.reminder',
    incidentId: incident.id,
    reminder: { kind: 'status', minutes: since },
  });
}

/** Unacknowledged past a level's delay: page that level (group and people), once, and say so in the timeline. */
function escalation(store: Store, ctx: Ctx, incident: Incident): number {
  if (!ctx.settings.alertPolicy.reminders.escalate_unacknowledged || incident.acknowledgedAt || incident.drillTag)
    return 0;
  const service = ctx.settings.catalog?.services.find((s) => s.id === incident.service);
  const since = differenceInMinutes(ctx.now(), new Date(incident.declaredAt));
  let sent = 0;
  service?.escalation.forEach((level, i) => {
    if (
      since < level.after_minutes ||
      !store.schedules.claimReminder(`escalate:${incident.id}:${i + 1}`, incident.id, ctx.now())
    )
      return;
    const { group, users } = whoToPage(ctx.settings.platform, level);
    const entry = recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'incident.escalated', payload: { level: i + 1, afterMinutes: level.after_minutes, group, users } },
      { header: false, post: true },
    );
    if (group || users.length > 0)
      enqueueDelivery(store, {
        key: `inc${incident.id}.t${entry.seq}.page`,
        now: ctx.now(),
        intent: { type: 'warroom.page', incidentId: incident.id, group, users },
      });
    sent += 1;
  });
  return sent;
}

/** Clocks looked at per pass; more due (after a long outage) wait for the next pass, a minute later. */
const CLOCKS_PER_PASS = 200;

/**
 * Regulatory clocks: reminders at 50 % and 90 % of the time and at the deadline, which also records the miss. Only
 * the clocks whose next mark has come are read (each clock carries its next mark's instant), so a pass costs what is
 * due, not what has ever run.
 */
function clocks(store: Store, ctx: Ctx): number {
  let sent = 0;
  const now = ctx.now();
  for (const clock of store.schedules.dueClocks(now.toISOString(), CLOCKS_PER_PASS)) {
    const incident = loadIncident(store, clock.incidentId);
    // Claim every mark reached (so none comes later), but say only the latest: first seen at 95 % is one message.
    const reached = marksReached(clock, now).filter((mark) =>
      store.schedules.claimReminder(`clock:${clock.id}:${mark}`, incident.id, now),
    );
    const latest = reached.at(-1);
    if (latest !== undefined) {
      enqueueDelivery(store, {
        key: `reminder:clock:${clock.id}:${latest}`,
        now,
        intent: {
          type: 'warroom.reminder',
          incidentId: incident.id,
          reminder: { kind: 'clock', clockId: clock.id, percent: latest },
        },
      });
      sent += 1;
    }
    const remindAt = nextReminderAt(clock, now);
    if (remindAt !== null) {
      store.schedules.updateClock(clock.id, { remindAt });
      continue;
    }
    store.schedules.updateClock(clock.id, { missedAt: now.toISOString(), remindAt: null });
    recordIncidentChange(store, ctx, incident, {
      kind: 'clock.missed',
      payload: { clockId: clock.id, title: clock.title, deadline: clock.deadline },
    });
  }
  return sent;
}

/** A step past its SLA: remind its owner role; still open after the same time again, the lead. */
function stepSlas(store: Store, ctx: Ctx, incident: Incident): number {
  if (!ctx.settings.alertPolicy.reminders.step_sla) return 0;
  let sent = 0;
  for (const run of store.playbooks.runsFor(incident.id).filter((r) => r.status === 'active')) {
    const playbook = JSON.parse(run.definition) as Playbook;
    const starts = JSON.parse(run.stageStarts) as StageStarts;
    const views = stepViews(playbook, store.playbooks.steps(run.id));
    for (const stage of playbook.stages) {
      const started = starts[stage.id];
      if (!started) continue;
      for (const step of stage.steps) {
        const view = views.get(step.id);
        if (!step.sla || (view !== 'open' && view !== 'locked')) continue;
        const late = differenceInMinutes(ctx.now(), new Date(started)) - step.sla;
        if (late < 0) continue;
        const to = late >= step.sla ? 'lead' : 'owner';
        sent += remind(store, ctx, `sla:${run.id}:${step.id}:${started}:${to}`, incident, {
          type: 'warroom.reminder',
          incidentId: incident.id,
          reminder: { kind: 'step-sla', runId: run.id, stepId: step.id, to },
        });
      }
    }
  }
  return sent;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Once a day, at the configured local time or later: a direct message to each owner of an overdue action. One sweep a
 * day is all it takes: an action is created due today or later and never reopened, so none becomes overdue after the
 * day's sweep; the passes after it cost one claim, not a read of every open action.
 */
function overdueActions(store: Store, ctx: Ctx): number {
  const at = ctx.settings.alertPolicy.reminders.overdue_actions_at;
  if (!at) return 0;
  const local = zonedParts(ctx.now().toISOString(), ctx.settings.timeZone);
  if (local.time.slice(0, 5) < at) return 0;
  if (!store.schedules.claimReminder(`action-overdue-sweep:${local.date}`, null, ctx.now())) return 0;
  let sent = 0;
  for (const action of store.postmortems.overdueActions(local.date)) {
    // Kept per action too: a sweep that ran before the upgrade that added the day's key sent nothing twice.
    if (!store.schedules.claimReminder(`action-overdue:${action.id}:${local.date}`, action.incidentId, ctx.now()))
      continue;
    enqueueDelivery(store, {
      key: `reminder:action-overdue:${action.id}:${local.date}`,
      now: ctx.now(),
      intent: { type: 'direct.overdue_action', userId: action.ownerId, actionId: action.id },
    });
    sent += 1;
  }
  return sent;
}

/** Once a week, on the configured local day and time or later: the digest to the configured channel. */
function weeklyDigest(store: Store, ctx: Ctx): number {
  const digest = ctx.settings.alertPolicy.reminders.weekly_digest;
  if (!digest.channel) return 0;
  const local = zonedParts(ctx.now().toISOString(), ctx.settings.timeZone);
  const day = new Date(`${local.date}T00:00:00Z`);
  if (WEEKDAYS[day.getUTCDay()] !== digest.day || local.time.slice(0, 5) < digest.at) return 0;
  const week = `${getISOWeekYear(day)}-W${getISOWeek(day)}`;
  if (!store.schedules.claimReminder(`digest:${week}`, null, ctx.now())) return 0;
  enqueueDelivery(store, {
    key: `digest:${week}`,
    now: ctx.now(),
    intent: { type: 'digest.post', channel: digest.channel, days: 7 },
  });
  return 1;
}

/**
 * Everything the scheduler does in one pass, each job idempotent through its reminder keys, so a pass run twice
 * (two processes, a restart) sends nothing twice. Returns how many reminders, pages and misses it queued.
 */
export function runScheduledJobs({ ctx }: { ctx: Ctx }): number {
  return ctx.store.transaction((store) => {
    // Timeline entries only (nothing to deliver), so not counted as queued.
    rollUpQuietStorms(store, ctx);
    rollUpQuietRepeats(store, ctx);
    // A message quiet this long starts its next storm from the shortest interval: its budget need not be kept.
    store.outbox.forgetBudgets(ctx.now().getTime() - ROLL_UP_QUIET_MS);
    let queued = clocks(store, ctx) + overdueActions(store, ctx) + weeklyDigest(store, ctx);
    for (const incident of store.incidents.withStatus(ACTIVE).filter((i) => i.channelId !== null)) {
      queued += staleStatus(store, ctx, incident) + escalation(store, ctx, incident) + stepSlas(store, ctx, incident);
    }
    return queued;
  });
}
