export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Severity = (typeof SEVERITIES)[number];

/** declared → investigating → identified → monitoring → resolved → closed (see change-status.ts for the moves allowed). */
export const STATUSES = ['declared', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

export interface Incident {
  id: number;
  number: number;
  ref: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  platform: 'slack' | 'sandbox' | 'teams';
  originChannelId: string | null;
  plannedChannelName: string;
  channelId: string | null;
  channelName: string | null;
  headerMessageId: string | null;
  alertsMessageId: string | null;
  /** Null only while an alert-opened incident waits for a person: the first to acknowledge leads. */
  leadId: string | null;
  /** Null when an alert opened the incident. */
  declaredBy: string | null;
  origin: 'manual' | 'alert';
  priority: Priority | null;
  service: string | null;
  detectedAt: string | null;
  alertReceivedAt: string | null;
  /** Non-null for a drill (replayed telemetry): no paging, no announcements. */
  drillTag: string | null;
  /** The call responders join (https), shown in the header; null until someone sets it. */
  bridgeUrl: string | null;
  declaredAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

export interface RoleAssignment {
  incidentId: number;
  role: string;
  userId: string;
  assignedBy: string;
  assignedAt: string;
}

export function formatIncidentRef(number: number): string {
  return `INC-${String(number).padStart(4, '0')}`;
}

/** Accepts `INC-42`, `inc-0042` or `42`; returns the number or null. */
export function parseIncidentRef(text: string): number | null {
  const match = /^(?:inc-?)?0*(\d{1,9})$/i.exec(text.trim());
  return match?.[1] ? Number(match[1]) : null;
}

export function isOpen(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'closed';
}

export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}
