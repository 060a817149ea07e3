import { Gauge, type Registry } from 'prom-client';
import type { IncidentStats, ResponseTimes } from '../../core/metrics/incident-stats.js';

type Labels = Record<string, string>;

/**
 * The last 30 days' incident stats as gauges: computed once per scrape (one set of SQL aggregates) and shared by
 * every gauge below. Label values are bounded: severities, priorities, catalog services, playbook steps, top-5
 * techniques.
 */
export function registerStatsGauges(registry: Registry, statsSource: () => IncidentStats): void {
  let cached: { at: number; value: IncidentStats } | null = null;
  const stats = (): IncidentStats => {
    if (!cached || Date.now() - cached.at > 1_000) cached = { at: Date.now(), value: statsSource() };
    return cached.value;
  };
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    values: (s: IncidentStats) => Array<[Labels, number | null]>,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, v] of values(stats())) if (v !== null) this.set(labels, v);
      },
    });
  const per = (
    label: string,
    rows: Record<string, ResponseTimes>,
    pick: (r: ResponseTimes) => number | null,
  ): Array<[Labels, number | null]> => Object.entries(rows).map(([key, r]) => [{ [label]: key }, pick(r)]);

  gauge(
    'warroom_incidents_30d',
    'Incidents declared in the last 30 days (drills excluded), by severity.',
    ['severity'],
    (s) => per('severity', s.bySeverity, (r) => r.incidents),
  );
  gauge(
    'warroom_mtta_minutes_30d',
    'Mean time to acknowledge, last 30 days, minutes, by severity.',
    ['severity'],
    (s) => per('severity', s.bySeverity, (r) => r.mttaMinutes),
  );
  gauge('warroom_mttm_minutes_30d', 'Mean time to mitigate, last 30 days, minutes, by severity.', ['severity'], (s) =>
    per('severity', s.bySeverity, (r) => r.mttmMinutes),
  );
  gauge('warroom_mttr_minutes_30d', 'Mean time to resolve, last 30 days, minutes, by severity.', ['severity'], (s) =>
    per('severity', s.bySeverity, (r) => r.mttrMinutes),
  );
  gauge(
    'warroom_mttd_minutes_30d',
    'Mean time to detect (alert start → declared), last 30 days, minutes, by severity.',
    ['severity'],
    (s) => per('severity', s.bySeverity, (r) => r.mttdMinutes),
  );
  gauge('warroom_service_incidents_30d', 'Incidents in the last 30 days, by catalog service.', ['service'], (s) =>
    per('service', s.byService, (r) => r.incidents),
  );
  gauge(
    'warroom_service_mttr_minutes_30d',
    'Mean time to resolve, last 30 days, minutes, by catalog service.',
    ['service'],
    (s) => per('service', s.byService, (r) => r.mttrMinutes),
  );
  gauge('warroom_priority_incidents_30d', 'Incidents in the last 30 days, by priority.', ['priority'], (s) =>
    per('priority', s.byPriority, (r) => r.incidents),
  );
  gauge('warroom_postmortems_30d', "Postmortems of the last 30 days' incidents, by state.", ['state'], (s) =>
    Object.entries(s.postmortems).map(([state, n]) => [{ state }, n]),
  );
  gauge(
    'warroom_corrective_actions_30d',
    "Corrective actions of the last 30 days' incidents, by status (overdue: open past due).",
    ['status'],
    (s) =>
      Object.entries(s.actions).map(([status, n]) => [
        { status: status === 'awaitingVerification' ? 'awaiting_verification' : status },
        n,
      ]),
  );
  gauge(
    'warroom_corrective_actions_overdue',
    'Corrective actions of incidents in the last 30 days that are past due and not done.',
    [],
    (s) => [[{}, s.actions.overdue]],
  );
  gauge(
    'warroom_recurrence_ratio_30d',
    "Share of the last 30 days' incidents that repeated an earlier one (0..1).",
    [],
    (s) => [[{}, s.recurrence.rate]],
  );
  gauge(
    'warroom_resolved_with_open_steps_30d',
    'Incidents of the last 30 days resolved with playbook steps still open (confirmed by the resolver).',
    [],
    (s) => [[{}, s.resolvedWithOpenSteps]],
  );
  gauge(
    'warroom_attack_technique_incidents_30d',
    'Incidents per ATT&CK technique, top 5, last 30 days.',
    ['technique'],
    (s) => s.topTechniques.map((t) => [{ technique: t.technique }, t.incidents]),
  );
  gauge(
    'warroom_playbook_step_minutes_30d',
    'Mean minutes from stage start to done, per playbook step, last 30 days.',
    ['playbook', 'step'],
    (s) => s.steps.map((st) => [{ playbook: st.playbookId, step: st.stepId }, st.avgMinutes]),
  );
  gauge(
    'warroom_playbook_step_sla_miss_ratio_30d',
    'Share of SLA-bound starts of a playbook step not settled in time, last 30 days (0..1).',
    ['playbook', 'step'],
    (s) => s.steps.map((st) => [{ playbook: st.playbookId, step: st.stepId }, st.slaMissRate]),
  );
  gauge(
    'warroom_regulatory_clocks_missed_30d',
    'Playbook clocks (regulatory deadlines) missed, last 30 days.',
    ['playbook', 'clock'],
    (s) => s.clocks.map((c) => [{ playbook: c.playbookId, clock: c.clockId }, c.missed]),
  );
}
