import { createHash } from 'node:crypto';
import type { NormalizedAlert } from './normalized-alert.js';

/** One alert's identity across deliveries: its source and fingerprint (what a repeat shares with the first copy). */
export const alertIdentity = (alert: Pick<NormalizedAlert, 'source' | 'fingerprint'>): string =>
  `${alert.source}\u0000${alert.fingerprint}`;

export interface InboxKeys {
  identities: string[];
  /**
   * Equal for webhooks that route identically as repeats: the same alerts in the same states at the same severity
   * (a warning turning critical keeps its fingerprint and must not be counted as a repeat of the warning).
   */
  collapseKey: string;
  /** Carries a firing critical or high alert: possibly a P1/P2 once enriched, so looked at before the queue. */
  urgent: boolean;
}

/** What the alert inbox needs to know about a webhook when it is accepted, to order and collapse it cheaply. */
export function inboxKeysFor(alerts: readonly NormalizedAlert[]): InboxKeys {
  const states = alerts.map((a) => [alertIdentity(a), a.status, a.severity, a.test === true].join('\u0000')).sort();
  return {
    identities: alerts.map(alertIdentity),
    collapseKey: createHash('sha256').update(states.join('\u0001')).digest('base64url'),
    urgent: alerts.some(
      (a) => a.status === 'firing' && !a.test && (a.severity === 'critical' || a.severity === 'high'),
    ),
  };
}
