import { computeIncidentStats } from '../src/core/metrics/compute-incident-stats.js';
import type { ResponseTimes } from '../src/core/metrics/incident-stats.js';
import { reply, type IncidentCommand } from './command.js';

const minutes = (v: number | null) => (v === null ? '—' : v < 120 ? `${v} min` : `${Math.round((v / 60) * 10) / 10} h`);
const line = (label: string, r: ResponseTimes) =>
  `• ${label}: ${r.incidents} incident${r.incidents === 1 ? '' : 's'} · MTTA ${minutes(r.mttaMinutes)} · MTTM ${minutes(r.mttmMinutes)} · MTTR ${minutes(r.mttrMinutes)} · detect ${minutes(r.mttdMinutes)}`;

export const statsCommand: IncidentCommand = {
  name: 'stats',
  usage: '/incident stats [30d|90d]',
  summary: 'How fast we acknowledge, mitigate and resolve; postmortems and corrective actions.',
  run(args, env) {
    const match = /^(\d{1,3})d$/.exec(args.trim() || '30d');
    const days = match ? Number(match[1]) : NaN;
    if (!(days >= 1 && days <= 366)) return reply('Give a window in days, like `/incident stats 30d` or `/incident stats 90d` (at most 366d).');
    const s = computeIncidentStats({ ctx: env.ctx, days });
    const lines = [`*Incidents, last ${days} days* (drills excluded)`, line('all', s.overall)];
    for (const [severity, r] of Object.entries(s.bySeverity)) lines.push(line(severity.toUpperCase(), r));
    lines.push(`• postmortems finalized: ${s.postmortemsFinalized} · corrective actions: ${s.actions.open} open (${s.actions.overdue} overdue), ${s.actions.verified} verified`);
    if (s.topTechniques.length > 0) lines.push(`• top ATT&CK: ${s.topTechniques.map((t) => `${t.technique} (${t.incidents})`).join(', ')}`);
    return reply(lines.join('\n'));
  },
};
