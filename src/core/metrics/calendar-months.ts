import { zonedParts, zonedStartOfDay } from '../postmortem/zoned-time.js';

/** The calendar months (in `timeZone`) that [since, until) touches, oldest first, each with the instant it begins. */
export function calendarMonths(
  sinceIso: string,
  untilIso: string,
  timeZone: string,
): Array<{ key: string; startIso: string }> {
  const months: Array<{ key: string; startIso: string }> = [];
  const [y0 = 0, m0 = 1] = zonedParts(sinceIso, timeZone).date.split('-').map(Number);
  for (let y = y0, m = m0; ; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    const startIso = zonedStartOfDay(`${key}-01`, timeZone);
    if (months.length > 0 && startIso >= untilIso) break;
    months.push({ key, startIso });
  }
  return months;
}
