import { formatDistanceStrict } from 'date-fns';
import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';
import type { OutboxIntent } from '../outbox/outbox-intent.js';
import type { Playbook } from '../playbook/playbook-schema.js';
import type { Store } from '../store-port.js';

type Reminder = Extract<OutboxIntent, { type: 'warroom.reminder' }>['reminder'];

/** The text of a reminder, rendered when it is sent (so names and times are current). Null if it no longer applies. */
export function describeReminder(
  store: Store,
  incident: Incident,
  reminder: Reminder,
  fmt: Fmt,
  now: Date,
): string | null {
  const lead = incident.leadId ? fmt.user(incident.leadId) : 'Whoever leads';
  switch (reminder.kind) {
    case 'status':
      return `${fmt.icon('hourglass_flowing_sand')} No status update for ${reminder.minutes} min. ${lead}: tell the room where things stand — ${fmt.command('status <investigating|identified|monitoring|resolved> <what changed>')}, ${fmt.command('update <text>')} (stakeholders see it too) or ${fmt.command('note <text>')}.`;
    case 'clock': {
      const clock = store.schedules.clocksFor(incident.id).find((c) => c.id === reminder.clockId);
      // Stopped, or ended by the close, after the reminder was queued: nothing left to remind.
      if (!clock || clock.stoppedAt || clock.endedAt) return null;
      const comms = store.roles.get(incident.id, 'comms')?.userId;
      const who = [incident.leadId, comms]
        .filter((u): u is string => Boolean(u))
        .map((u) => fmt.user(u))
        .join(' ');
      const due = fmt.time(clock.deadline);
      return reminder.percent >= 100
        ? `${fmt.icon('rotating_light')} ${who} ${fmt.bold(fmt.text(clock.title))} was due ${due}. Record what was done, or why not, in the timeline.`
        : `${fmt.icon('stopwatch')} ${who} ${fmt.bold(fmt.text(clock.title))}: ${reminder.percent}% of the time used — due ${due} (${formatDistanceStrict(new Date(clock.deadline), now, { addSuffix: true })}).`;
    }
    case 'step-sla': {
      const run = store.playbooks.run(reminder.runId);
      const step = run
        ? (JSON.parse(run.definition) as Playbook).stages.flatMap((s) => s.steps).find((s) => s.id === reminder.stepId)
        : undefined;
      if (!step) return null;
      const holder = step.owner === 'lead' ? incident.leadId : store.roles.get(incident.id, step.owner)?.userId;
      const to =
        reminder.to === 'lead'
          ? lead
          : holder
            ? fmt.user(holder)
            : `The ${step.owner} role (nobody holds it — ${fmt.command(`role ${step.owner} @user`)})`;
      return `${fmt.icon('alarm_clock')} ${to}: "${fmt.text(step.title)}" is past its ${step.sla ?? '?'}-minute SLA${reminder.to === 'lead' ? ' twice over' : ''}.`;
    }
  }
}
