/** Wall-clock parts of an instant in an IANA time zone (Intl does the zone rules; no extra dependency). */
export interface ZonedParts {
  date: string;
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `2026-11-24T09:00:00.000Z` in Europe/Berlin → { date: '2026-11-24', time: '10:00:00' }. */
export function zonedParts(iso: string, timeZone: string): ZonedParts {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

/** `2026-11-24 10:00:00`, or only `10:00:00` when every time shown is on the same day. */
export function formatZoned(iso: string, timeZone: string, withDate = true): string {
  const { date, time } = zonedParts(iso, timeZone);
  return withDate ? `${date} ${time}` : time;
}

/** True when `timeZone` is an IANA zone this runtime knows (Europe/Berlin, UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The instant a local day begins in `timeZone`: `2026-11-01` in Europe/Berlin → `2026-10-31T23:00:00.000Z`. */
export function zonedStartOfDay(date: string, timeZone: string): string {
  const target = Date.parse(`${date}T00:00:00Z`);
  let guess = target;
  // Two corrections settle the zone offset, also across a DST change between the guess and the answer.
  for (let i = 0; i < 2; i += 1) {
    const { date: d, time } = zonedParts(new Date(guess).toISOString(), timeZone);
    guess -= Date.parse(`${d}T${time}Z`) - target;
  }
  return new Date(guess).toISOString();
}
