import { computeIncidentStats } from '../src/core/metrics/compute-incident-stats.js';
import type { ResponseTimes, StepStats } from '../src/core/metrics/incident-stats.js';
import type { Fmt } from '../src/core/fmt.js';
import { reply, type CommandEnv, type IncidentCommand } from './command.js';

/** Rows per breakdown in chat; GET /api/stats has all of them. */
const SHOWN = 5;

const minutes = (v: number | null) => (v === null ? '—' : v < 120 ? `${v} min` : `${Math.round((v / 60) * 10) / 10} h`);
const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const line = (label: string, r: ResponseTimes) =>
  `• ${label}: ${r.incidents} incident${r.incidents === 1 ? '' : 's'} · MTTA ${minutes(r.mttaMinutes)} · MTTM ${minutes(r.mttmMinutes)} · MTTR ${minutes(r.mttrMinutes)} · detect ${minutes(r.mttdMinutes)}`;
const stepName = (s: StepStats) => `${s.playbookId} / ${s.title}`;

/** Busiest first, or for months the latest in calendar order (a trend read backwards is no trend). */
function breakdown(
  fmt: Fmt,
  title: string,
  rows: Record<string, ResponseTimes>,
  pick: 'top' | 'latest' = 'top',
): string[] {
  const entries = Object.entries(rows);
  if (entries.length === 0) return [];
  if (entries.length <= SHOWN) return [fmt.bold(title), ...entries.map(([key, r]) => line(key, r))];
  const shown =
    pick === 'latest'
      ? entries.slice(-SHOWN)
      : [...entries].sort((a, b) => b[1].incidents - a[1].incidents).slice(0, SHOWN);
  return [
    `${fmt.bold(title)} (${pick === 'latest' ? 'last' : 'top'} ${SHOWN} of ${entries.length})`,
    ...shown.map(([key, r]) => line(key, r)),
  ];
}

function stepLines(fmt: Fmt, steps: StepStats[]): string[] {
  const late = steps
    .filter((s) => s.slaMissed > 0)
    .sort((a, b) => (b.slaMissRate ?? 0) - (a.slaMissRate ?? 0) || b.slaMissed - a.slaMissed);
  const slow = steps.filter((s) => s.avgMinutes !== null).sort((a, b) => (b.avgMinutes ?? 0) - (a.avgMinutes ?? 0));
  const lines: string[] = [];
  if (late.length > 0) {
    lines.push(fmt.bold('Steps that miss their SLA most'));
    for (const s of late.slice(0, SHOWN))
      lines.push(
        `• ${stepName(s)}: ${s.slaMissed} of ${s.withSla} late (${percent(s.slaMissRate ?? 0)}) · takes ${minutes(s.avgMinutes)} on average`,
      );
  } else if (steps.some((s) => s.withSla > 0)) {
    lines.push('• playbook steps: every SLA met');
  }
  if (slow.length > 0)
    lines.push(
      `• slowest steps: ${slow
        .slice(0, 3)
        .map((s) => `${stepName(s)} (${minutes(s.avgMinutes)}, ${s.done} done)`)
        .join(', ')}`,
    );
  return lines;
}

const usageText = (fmt: Fmt) =>
  `Give a window in days and, if you like, one service: ${fmt.command('stats 30d')}, ${fmt.command('stats 90d service:checkout')} (at most 366d).`;

/** `90d service:checkout` in any order; null when something else was typed. */
function parseStatsArgs(args: string): { days: number; service: string | null } | null {
  let days = 30;
  let service: string | null = null;
  for (const token of args.trim().split(/\s+/).filter(Boolean)) {
    const window = /^(\d{1,3})d$/.exec(token);
    const named = /^service:(\S+)$/i.exec(token);
    if (window) days = Number(window[1]);
    else if (named?.[1]) service = named[1];
    else return null;
  }
  return days >= 1 && days <= 366 ? { days, service } : null;
}

/**
 * A catalog alias counts as its service; anything else is taken as typed (sources may name services the catalog does
 * not). `inCatalog` tells an unknown name from a quiet service.
 */
function canonicalService(env: CommandEnv, typed: string): { id: string; inCatalog: boolean } {
  const lower = typed.toLowerCase();
  const known = env.ctx.settings.catalog?.services.find(
    (s) => s.id === lower || s.aliases.some((a) => a.toLowerCase() === lower),
  );
  return { id: known?.id ?? typed, inCatalog: known !== undefined };
}

/** Why a service filter found nothing: a name nobody knows, or a known service without incidents in the window. */
function noIncidentsText(env: CommandEnv, service: { id: string; inCatalog: boolean }, days: number): string {
  const code = (names: string[]) => names.map((n) => env.fmt.code(n)).join(', ');
  const withIncidents = Object.keys(computeIncidentStats({ ctx: env.ctx, days }).byService).filter(
    (k) => k !== '(none)',
  );
  const catalog = env.ctx.settings.catalog?.services.map((s) => s.id) ?? [];
  if (!service.inCatalog && catalog.length > 0) {
    return `${env.fmt.code(service.id)} is not in the service catalog and had no incidents in the last ${days} days. Catalog services: ${code(catalog)}.${withIncidents.length > 0 ? ` With incidents: ${code(withIncidents)}.` : ''}`;
  }
  return `No incidents on service ${env.fmt.code(service.id)} in the last ${days} days.${withIncidents.length > 0 ? ` Services with incidents: ${code(withIncidents)}.` : ''}`;
}

export const statsCommand: IncidentCommand = {
  name: 'stats',
  usage: 'stats [30d|90d] [service:<id>]',
  summary:
    'How fast we acknowledge, mitigate and resolve, by severity, service, priority and month; playbook steps and clocks; postmortems and corrective actions.',
  run(args, env) {
    const parsed = parseStatsArgs(args);
    if (!parsed) return reply(usageText(env.fmt));
    const { days } = parsed;
    const named = parsed.service === null ? null : canonicalService(env, parsed.service);
    const service = named?.id ?? null;
    const s = computeIncidentStats({ ctx: env.ctx, days, service });
    if (named !== null && s.overall.incidents === 0) return reply(noIncidentsText(env, named, days));
    const lines = [
      `${env.fmt.bold(`Incidents${service ? ` on ${env.fmt.text(service)}` : ''}, last ${days} days`)} (drills excluded)`,
      line('all', s.overall),
    ];
    for (const [severity, r] of Object.entries(s.bySeverity)) lines.push(line(severity.toUpperCase(), r));
    if (s.overall.incidents > 0) {
      if (!service) lines.push(...breakdown(env.fmt, 'By service', s.byService));
      lines.push(
        ...breakdown(env.fmt, 'By priority', s.byPriority),
        ...breakdown(env.fmt, `By month (${s.timeZone})`, s.byMonth, 'latest'),
      );
    }
    const a = s.actions;
    lines.push(
      `• postmortems: ${s.postmortems.finalized} finalized, ${s.postmortems.draft} in draft · corrective actions: ${a.open} open (${a.overdue} overdue), ${a.awaitingVerification} awaiting verification, ${a.verified} verified`,
    );
    if (s.recurrence.rate !== null)
      lines.push(
        `• recurrences: ${s.recurrence.incidents} of ${s.overall.incidents} incidents repeated an earlier one (${percent(s.recurrence.rate)})`,
      );
    if (s.resolvedWithOpenSteps > 0)
      lines.push(
        `• resolved with playbook steps still open: ${s.resolvedWithOpenSteps} of ${s.overall.incidents} incidents`,
      );
    if (s.topTechniques.length > 0)
      lines.push(`• top ATT&CK: ${s.topTechniques.map((t) => `${t.technique} (${t.incidents})`).join(', ')}`);
    lines.push(...stepLines(env.fmt, s.steps));
    for (const c of s.clocks)
      lines.push(
        `• clock ${c.playbookId} / ${c.title}: ${c.started} started, ${c.stoppedInTime} kept, ${c.missed} missed`,
      );
    return reply(lines.join('\n'));
  },
};
