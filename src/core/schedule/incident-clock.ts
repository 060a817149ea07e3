/** A running regulatory or contractual deadline of an incident (declared by a playbook's `clocks`). */
export interface IncidentClock {
  id: number;
  incidentId: number;
  runId: number;
  clockId: string;
  title: string;
  startedAt: string;
  deadline: string;
  stoppedAt: string | null;
  stoppedBy: string | null;
  missedAt: string | null;
}
