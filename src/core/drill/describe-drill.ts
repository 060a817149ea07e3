import { differenceInSeconds } from 'date-fns';
import type { Store } from '../store-port.js';
import type { Incident } from '../incident/incident.js';
import type { StageStarts } from '../playbook/playbook-run.js';
import type { Playbook } from '../playbook/playbook-schema.js';
import { stepViews } from '../playbook/step-availability.js';
import { TimelineEvent } from '../timeline/timeline-event.js';

const duration = (seconds: number) => (seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);

/**
 * What a drill showed: the alerts that came in (the triggers that fired), the playbooks that attached and why,
 * and for each step how long after its stage started it was settled, or that it is still open.
 */
export function describeDrill(store: Store, incident: Incident, now: Date): string {
  const lines = [
    `Drill ${incident.drillTag ?? '(not a drill)'} — ${incident.ref} ${incident.title} (${incident.status})`,
  ];
  const events = store.timeline.forIncident(incident.id).flatMap((e) => {
    const parsed = TimelineEvent.safeParse({ kind: e.kind, payload: JSON.parse(e.payload) as unknown });
    return parsed.success ? [parsed.data] : [];
  });
  lines.push('Alerts received:');
  for (const e of events)
    if (e.kind === 'alert.received')
      lines.push(`  ${e.payload.source}: ${e.payload.title} (${e.payload.severity}, ${e.payload.priority})`);
  const runs = store.playbooks.runsFor(incident.id);
  lines.push(runs.length > 0 ? 'Playbooks attached:' : 'Playbooks attached: none — no trigger matched');
  for (const run of runs) {
    const playbook = JSON.parse(run.definition) as Playbook;
    lines.push(`  ${playbook.id} v${playbook.version} — ${run.reason}`);
    const states = new Map(store.playbooks.steps(run.id).map((s) => [s.stepId, s]));
    const views = stepViews(playbook, [...states.values()]);
    const starts = JSON.parse(run.stageStarts) as StageStarts;
    for (const stage of playbook.stages) {
      const started = starts[stage.id];
      lines.push(`    ${stage.id}${started ? '' : ' (not reached)'}`);
      for (const step of stage.steps) {
        const state = states.get(step.id);
        const view = views.get(step.id) ?? 'open';
        const took =
          state?.doneAt && started
            ? ` after ${duration(Math.max(0, differenceInSeconds(new Date(state.doneAt), new Date(started))))}`
            : '';
        const sla = step.sla ? ` (SLA ${step.sla} min)` : '';
        const open =
          view === 'open' || view === 'locked'
            ? started
              ? `, open for ${duration(differenceInSeconds(now, new Date(started)))}`
              : ''
            : '';
        lines.push(`      ${view.padEnd(7)} ${step.id}${took}${open}${sla}`);
      }
    }
  }
  return lines.join('\n');
}
