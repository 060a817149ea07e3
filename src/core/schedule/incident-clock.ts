/** A running regulatory or contractual deadline of an incident (declared by a playbook's `clocks`). */
export interface IncidentClock {
  id: number;
  incidentId: number;
  runId: number;
  clockId: string;
  title: string;
  startedAt: string;
  deadline: string;
  /** Set by the playbook step that stops it: the obligation was met (in time or not). */
  stoppedAt: string | null;
  stoppedBy: string | null;
  /** Set once the deadline passed without the clock stopping. */
  missedAt: string | null;
  /**
   * Set when its incident closed with the clock still running. A closed incident's timeline takes no more entries,
   * so no reminder or miss follows; its deadline alone then decides kept or missed in the stats.
   */
  endedAt: string | null;
  /**
   * When the scheduler looks at it next: the instant of its next reminder mark (50 %, 90 %, the deadline). Null once
   * it stopped, was missed or ended, so a pass reads only the clocks due, never the history.
   */
  remindAt: string | null;
}
