import type { Priority } from '../incident/incident.js';
import type { AlertSeverity } from './normalized-alert.js';

/** A stored alert occurrence (see src/store/schema/alerts.ts). */
export interface AlertRecord {
  id: number;
  source: string;
  fingerprint: string;
  externalId: string | null;
  incidentId: number | null;
  status: 'firing' | 'resolved';
  severity: AlertSeverity;
  priority: Priority;
  title: string;
  service: string | null;
  normalized: string;
  enrichment: string;
  enrichmentMs: number | null;
  receivedCount: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
  startsAt: string | null;
  endsAt: string | null;
  resolvedAt: string | null;
  triage: 'none' | 'pending' | 'declared' | 'dismissed';
  triageBy: string | null;
  triageAt: string | null;
  triageReason: string | null;
  triageChannelId: string | null;
  triageMessageId: string | null;
}

export interface InboxItem {
  id: number;
  source: string;
  receivedAt: string;
  body: string;
  status: 'pending' | 'processed' | 'failed';
  attempts: number;
  processedAt: string | null;
  error: string | null;
  drillTag: string | null;
  /** `source\u0000fingerprint` of each alert, as accepted (JSON array); null for rows older than this field. */
  identities: string | null;
  collapseKey: string | null;
  /** Copies of this webhook collapsed into it on arrival; each counts as a repeat of its alerts. */
  repeats: number;
  lastReceivedAt: string | null;
  urgent: boolean;
}
