import { computeIncidentStats } from '../src/core/metrics/compute-incident-stats.js';
import type { ResponseTimes, StepStats } from '../src/core/metrics/incident-stats.js';
import { reply, type IncidentCommand } from './command.js';

/** Rows per breakdown in chat; GET /api/stats has all of them. */
const SHOWN = 5;

const minutes = (v: number | null) => (v === null ? '—' : v < 120 ? `${v} min` : `${Math.round((v / 60) * 10) / 10} h`);
const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const line = (label: string, r: ResponseTimes) =>
  `• ${label}: ${r.incidents} incident${r.incidents === 1 ? '' : 's'} · MTTA ${minutes(r.mttaMinutes)} · MTTM ${minutes(r.mttmMinutes)} · MTTR ${minutes(r.mttrMinutes)} · detect ${minutes(r.mttdMinutes)}`;
const stepName = (s: StepStats) => `${s.playbookId} / ${s.title}`;

function breakdown(title: string, rows: Record<string, ResponseTimes>, label = (key: string) => key): string[] {
  const entries = Object.entries(rows);
  if (entries.length === 0) return [];
  const shown = entries.length > SHOWN ? [...entries].sort((a, b) => b[1].incidents - a[1].incidents).slice(0, SHOWN) : entries;
  return [`*${title}*${entries.length > SHOWN ? ` (top ${SHOWN} of ${entries.length})` : ''}`, ...shown.map(([key, r]) => line(label(key), r))];
}

function stepLines(steps: StepStats[]): string[] {
  const late = steps.filter((s) => s.slaMissed > 0).sort((a, b) => (b.slaMissRate ?? 0) - (a.slaMissRate ?? 0) || b.slaMissed - a.slaMissed);
  const slow = steps.filter((s) => s.avgMinutes !== null).sort((a, b) => (b.avgMinutes ?? 0) - (a.avgMinutes ?? 0));
  const lines: string[] = [];
  if (late.length > 0) {
    lines.push('*Steps that miss their SLA most*');
    for (const s of late.slice(0, SHOWN)) lines.push(`• ${stepName(s)}: ${s.slaMissed} of ${s.withSla} late (${percent(s.slaMissRate ?? 0)}) · takes ${minutes(s.avgMinutes)} on average`);
  } else if (steps.some((s) => s.withSla > 0)) {
    lines.push('• playbook steps: every SLA met');
  }
  if (slow.length > 0) lines.push(`• slowest steps: ${slow.slice(0, 3).map((s) => `${stepName(s)} (${minutes(s.avgMinutes)}, ${s.done} done)`).join(', ')}`);
  return lines;
}

export const statsCommand: IncidentCommand = {
  name: 'stats',
  usage: '/incident stats [30d|90d]',
  summary: 'How fast we acknowledge, mitigate and resolve, by severity, service, priority and month; playbook steps and clocks; postmortems and corrective actions.',
  run(args, env) {
    const match = /^(\d{1,3})d$/.exec(args.trim() || '30d');
    const days = match ? Number(match[1]) : NaN;
    if (!(days >= 1 && days <= 366)) return reply('Give a window in days, like `/incident stats 30d` or `/incident stats 90d` (at most 366d).');
    const s = computeIncidentStats({ ctx: env.ctx, days });
    const lines = [`*Incidents, last ${days} days* (drills excluded)`, line('all', s.overall)];
    for (const [severity, r] of Object.entries(s.bySeverity)) lines.push(line(severity.toUpperCase(), r));
    if (s.overall.incidents > 0) {
      lines.push(...breakdown('By service', s.byService), ...breakdown('By priority', s.byPriority), ...breakdown(`By month (${s.timeZone})`, s.byMonth));
    }
    const a = s.actions;
    lines.push(
      `• postmortems: ${s.postmortems.finalized} finalized, ${s.postmortems.draft} in draft · corrective actions: ${a.open} open (${a.overdue} overdue), ${a.awaitingVerification} awaiting verification, ${a.verified} verified`,
    );
    if (s.recurrence.rate !== null) lines.push(`• recurrences: ${s.recurrence.incidents} of ${s.overall.incidents} incidents repeated an earlier one (${percent(s.recurrence.rate)})`);
    if (s.topTechniques.length > 0) lines.push(`• top ATT&CK: ${s.topTechniques.map((t) => `${t.technique} (${t.incidents})`).join(', ')}`);
    lines.push(...stepLines(s.steps));
    for (const c of s.clocks) lines.push(`• clock ${c.playbookId} / ${c.title}: ${c.started} started, ${c.stoppedInTime} kept, ${c.missed} missed`);
    return reply(lines.join('\n'));
  },
};
