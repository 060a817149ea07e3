import { addBusinessDays, addMilliseconds } from 'date-fns';
import type { Ctx } from '../context.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import type { PlaybookRun } from '../playbook/playbook-run.js';
import type { Playbook, PlaybookClock } from '../playbook/playbook-schema.js';
import type { Store } from '../store-port.js';
import { nextReminderAt } from './clock-marks.js';

function deadlineOf(clock: PlaybookClock, start: Date): Date {
  // Business days skip weekends (SEC 8-K's "four business days"); public holidays are not known here.
  return clock.business_days !== undefined
    ? addBusinessDays(start, clock.business_days)
    : addMilliseconds(start, (clock.hours ?? 0) * 3_600_000);
}

/**
 * Starts and stops a run's clocks at a trigger: `attach` when the playbook attaches, or a step just done
 * (`step:<id>` starts, `stops: <id>` stops). Each start and stop is a timeline entry.
 */
export function moveClocks(
  store: Store,
  ctx: Ctx,
  run: PlaybookRun,
  trigger: { attached: true } | { stepDone: string; by: string | null },
): void {
  const playbook = JSON.parse(run.definition) as Playbook;
  if (playbook.clocks.length === 0) return;
  const incident = loadIncident(store, run.incidentId);
  const existing = store.schedules.clocksFor(run.incidentId).filter((c) => c.runId === run.id);
  const now = ctx.now();
  for (const clock of playbook.clocks) {
    const startsNow = 'attached' in trigger ? clock.starts === 'attach' : clock.starts === `step:${trigger.stepDone}`;
    if (startsNow && !existing.some((c) => c.clockId === clock.id)) {
      const span = { startedAt: now.toISOString(), deadline: deadlineOf(clock, now).toISOString() };
      const started = store.schedules.insertClock({
        incidentId: run.incidentId,
        runId: run.id,
        clockId: clock.id,
        title: clock.title,
        ...span,
        stoppedAt: null,
        stoppedBy: null,
        missedAt: null,
        endedAt: null,
        remindAt: nextReminderAt(span, now),
      });
      recordIncidentChange(store, ctx, incident, {
        kind: 'clock.started',
        payload: { clockId: started.id, title: started.title, deadline: started.deadline },
      });
    }
    if ('stepDone' in trigger && clock.stops === trigger.stepDone) {
      const running = store.schedules
        .clocksFor(run.incidentId)
        .find((c) => c.runId === run.id && c.clockId === clock.id && !c.stoppedAt);
      if (!running) continue;
      store.schedules.updateClock(running.id, { stoppedAt: now.toISOString(), stoppedBy: trigger.by, remindAt: null });
      recordIncidentChange(store, ctx, incident, {
        kind: 'clock.stopped',
        payload: {
          clockId: running.id,
          title: running.title,
          by: trigger.by,
          onTime: now.toISOString() <= running.deadline,
        },
      });
    }
  }
}
