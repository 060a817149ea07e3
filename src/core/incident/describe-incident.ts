import { differenceInMilliseconds, formatDistanceStrict } from 'date-fns';
import type { Incident, RoleAssignment } from './incident.js';
import type { IncidentClock } from '../schedule/incident-clock.js';
import type { TimelineCheckpoint } from '../timeline/timeline-checkpoint.js';

export type HeaderButton = 'acknowledge' | 'take_lead' | 'update_status' | 'resolve';

/** What the war-room header shows, platform-neutral; Slack and the sandbox each draw it their own way. */
export interface IncidentHeaderView {
  heading: string;
  title: string;
  severity: string;
  status: string;
  leadId: string | null;
  roles: Array<{ role: string; userId: string | null }>;
  declaredAt: string;
  /** e.g. "open for 12 minutes" or "resolved after 2 hours". */
  elapsed: string;
  /** For alert-opened incidents: how fast we saw it, opened it, and a person took it. */
  detection: { detectedAt: string; toReceive: string; toWarRoom: string; toAcknowledge: string | null } | null;
  /** The call responders join, if someone set one (`/incident bridge <url>`). */
  bridgeUrl: string | null;
  /** Regulatory clocks, e.g. "GDPR Art. 33 notification · due … · in 61 hours". */
  clocks: Array<{ title: string; deadline: string; state: 'running' | 'stopped' | 'missed'; remaining: string }>;
  buttons: HeaderButton[];
  /** The latest signed timeline checkpoint (presenters name it with describeCheckpoint); null before the first status change. */
  checkpoint: Pick<TimelineCheckpoint, 'number' | 'seq' | 'headHash'> | null;
}

/** A short duration between two instants: "+420 ms", "+4.2 s", "+12 min". */
export function gap(fromIso: string, toIso: string): string {
  const ms = differenceInMilliseconds(new Date(toIso), new Date(fromIso));
  if (Math.abs(ms) < 1000) return `+${ms} ms`;
  if (Math.abs(ms) < 120_000) return `+${(ms / 1000).toFixed(1)} s`;
  return `+${Math.round(ms / 60_000)} min`;
}

export function describeIncident(
  incident: Incident,
  assignments: RoleAssignment[],
  roleNames: readonly string[],
  now: Date,
  clocks: IncidentClock[] = [],
  checkpoint: TimelineCheckpoint | null = null,
): IncidentHeaderView {
  const declared = new Date(incident.declaredAt);
  const elapsed =
    incident.resolvedAt !== null
      ? `resolved after ${formatDistanceStrict(new Date(incident.resolvedAt), declared)}`
      : `open for ${formatDistanceStrict(now, declared)}`;
  const buttons: HeaderButton[] = [];
  if (incident.status !== 'closed') {
    if (!incident.acknowledgedAt) buttons.push('acknowledge');
    buttons.push('take_lead', 'update_status');
    if (incident.status !== 'resolved') buttons.push('resolve');
  }
  return {
    heading: `${incident.ref} · ${incident.title}`,
    title: incident.title,
    severity: incident.severity.toUpperCase(),
    status: incident.status,
    leadId: incident.leadId,
    roles: roleNames.map((role) => ({ role, userId: assignments.find((a) => a.role === role)?.userId ?? null })),
    declaredAt: incident.declaredAt,
    elapsed,
    bridgeUrl: incident.bridgeUrl,
    detection:
      incident.origin === 'alert' && incident.detectedAt && incident.alertReceivedAt
        ? {
            detectedAt: incident.detectedAt,
            toReceive: gap(incident.detectedAt, incident.alertReceivedAt),
            toWarRoom: gap(incident.alertReceivedAt, incident.declaredAt),
            toAcknowledge: incident.acknowledgedAt ? gap(incident.declaredAt, incident.acknowledgedAt) : null,
          }
        : null,
    clocks: clocks.map((c) => ({
      title: c.title,
      deadline: c.deadline,
      // Ended by the close without its step: missed once its deadline passes, as the stats count it.
      state: c.stoppedAt
        ? 'stopped'
        : c.missedAt || (c.endedAt && c.deadline <= now.toISOString())
          ? 'missed'
          : 'running',
      remaining: c.stoppedAt
        ? 'stopped'
        : c.endedAt
          ? 'ended when the incident closed'
          : formatDistanceStrict(new Date(c.deadline), now, { addSuffix: true }),
    })),
    buttons,
    checkpoint: checkpoint ? { number: checkpoint.number, seq: checkpoint.seq, headHash: checkpoint.headHash } : null,
  };
}
