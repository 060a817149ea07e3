const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** How a stats window is read: whole UTC days from the daily roll-up, the rest from the incidents. */
export interface WindowDays {
  /** Whole UTC days [firstDay, endDay) (YYYY-MM-DD) read from the roll-up, but for `splitDays`; null: none. */
  days: { firstDay: string; endDay: string; splitDays: string[] } | null;
  /**
   * Instant ranges [from, to) read from the incidents: the window's partial first and last days, and the days a
   * month of the team's time zone begins in (not at UTC midnight), whose incidents fall in two months.
   */
  ranges: Array<[string, string]>;
}

/** Splits [sinceIso, untilIso) given the instants the window's months begin (the team's time zone). */
export function windowDays(sinceIso: string, untilIso: string, monthStarts: string[]): WindowDays {
  const since = Date.parse(sinceIso);
  const until = Date.parse(untilIso);
  const first = Math.ceil(since / DAY) * DAY;
  const end = Math.floor(until / DAY) * DAY;
  if (first >= end) return { days: null, ranges: [[sinceIso, untilIso]] };
  const ranges: Array<[string, string]> = [];
  if (since < first) ranges.push([sinceIso, new Date(first).toISOString()]);
  if (end < until) ranges.push([new Date(end).toISOString(), untilIso]);
  const splitDays = [
    ...new Set(
      monthStarts
        .map(Date.parse)
        .filter((start) => start > first && start < end && start % DAY !== 0)
        .map((start) => Math.floor(start / DAY) * DAY),
    ),
  ];
  for (const day of splitDays) ranges.push([new Date(day).toISOString(), new Date(day + DAY).toISOString()]);
  return { days: { firstDay: dayOf(first), endDay: dayOf(end), splitDays: splitDays.map(dayOf) }, ranges };
}
