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

export interface IncidentStats {
  since: string;
  until: string;
  overall: ResponseTimes;
  bySeverity: Record<string, ResponseTimes>;
  postmortemsFinalized: number;
  actions: { open: number; overdue: number; verified: number };
  topTechniques: Array<{ technique: string; incidents: number }>;
}
