/** Response times and counts over a window, per severity and overall. Minutes; null when nothing to average. */
export interface ResponseTimes {
  incidents: number;
  /** Declared → first acknowledgement. */
  mttaMinutes: number | null;
  /** Declared → mitigated (monitoring or resolved). */
  mttmMinutes: number | null;
  /** Declared → resolved. */
  mttrMinutes: number | null;
  /** Problem start (first alert) → incident declared; alert-opened incidents only. */
  mttdMinutes: number | null;
}

/** How one playbook step went across the incidents of the window: what a team changes in its runbooks next. */
export interface StepStats {
  playbookId: string;
  stepId: string;
  title: string;
  /** Times its stage started (the step became due). */
  started: number;
  done: number;
  skipped: number;
  /** Ruled out by a decision. */
  notApplicable: number;
  /** Stage start → done, done steps only. */
  avgMinutes: number | null;
  /** Starts that had an SLA (ruled-out steps left out). */
  withSla: number;
  /** Of those, not settled by the deadline (judged at resolve or detach when never settled). */
  slaMissed: number;
  /** slaMissed / withSla, 0..1. */
  slaMissRate: number | null;
}

/** A playbook's regulatory clock across the window: stopped in time or missed. */
export interface ClockStats {
  playbookId: string;
  clockId: string;
  title: string;
  started: number;
  stoppedInTime: number;
  missed: number;
}

export interface IncidentStats {
  since: string;
  until: string;
  /** The one catalog service counted, or null for all. */
  service: string | null;
  /** Months are calendar months in this zone. */
  timeZone: string;
  overall: ResponseTimes;
  bySeverity: Record<string, ResponseTimes>;
  /** Catalog service; `(none)` when the incident names none. */
  byService: Record<string, ResponseTimes>;
  /** P1..P4 from the priority matrix; `(none)` for incidents people declared. */
  byPriority: Record<string, ResponseTimes>;
  /** `2026-11` → …, oldest first. */
  byMonth: Record<string, ResponseTimes>;
  postmortems: { finalized: number; draft: number };
  /** Corrective actions of the window's incidents; overdue = open past its due date (today in the time zone). */
  actions: { open: number; awaitingVerification: number; overdue: number; verified: number };
  /** Incidents flagged as repeating an earlier one (same service and root cause or ATT&CK technique), and their share. */
  recurrence: { incidents: number; rate: number | null };
  /** Incidents resolved with playbook steps still open (the resolver confirmed it): containment cut short, or a playbook that does not fit. */
  resolvedWithOpenSteps: number;
  topTechniques: Array<{ technique: string; incidents: number }>;
  steps: StepStats[];
  clocks: ClockStats[];
}
