/** Repeats of one alert counted for its incident's timeline and not on it yet (see src/store/schema/alert-repeat-tallies.ts). */
export interface RepeatTally {
  incidentId: number;
  alertId: number;
  repeats: number;
  /** When the first and the last of these repeats were received. */
  firstAt: string;
  lastAt: string;
}
