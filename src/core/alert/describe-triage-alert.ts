import type { Fmt } from '../fmt.js';
import type { AlertRecord } from './alert-record.js';
import type { NormalizedAlert } from './normalized-alert.js';

/** A below-threshold alert waiting in the triage channel, platform-neutral. */
export interface TriageView {
  alertId: number;
  heading: string;
  text: string;
  /** Buttons only while nobody has decided. */
  actions: Array<'declare' | 'dismiss'>;
}

export function describeTriageAlert(alert: AlertRecord, fmt: Fmt): TriageView {
  const normalized = JSON.parse(alert.normalized) as NormalizedAlert;
  const where = [alert.service, normalized.asset.host, normalized.asset.ip, normalized.asset.user]
    .filter(Boolean)
    .map((v) => fmt.text(String(v)));
  const state =
    alert.triage === 'declared' && !alert.triageBy && alert.incidentId !== null
      ? `Escalated at the source to ${alert.priority} (${alert.severity}): it opened a war room`
      : alert.triage === 'declared'
        ? `Declared as an incident by ${alert.triageBy ? fmt.user(alert.triageBy) : 'someone'}`
        : alert.triage === 'dismissed'
          ? `Dismissed by ${alert.triageBy ? fmt.user(alert.triageBy) : 'someone'}${alert.triageReason ? `: ${fmt.text(alert.triageReason)}` : ''}`
          : alert.status === 'resolved'
            ? 'Resolved at the source before anyone decided'
            : 'Waiting for a decision';
  const test = normalized.test === true;
  const lines = [
    ...(test
      ? [
          `Test notification from ${alert.source}: it reached warroom, so this sender is connected. Nothing to do; dismiss it once seen.`,
        ]
      : []),
    `${alert.priority} · ${alert.severity} · from ${alert.source}${where.length ? ` · ${where.join(' · ')}` : ''}`,
    alert.receivedCount > 1
      ? `Received ${alert.receivedCount.toLocaleString('en-US')} times, last ${fmt.time(alert.lastReceivedAt)}`
      : `Received ${fmt.time(alert.firstReceivedAt)}`,
    fmt.bold(state),
  ];
  const at = test ? 2 : 1;
  if (normalized.attackTechniques.length > 0)
    lines.splice(at, 0, fmt.text(`ATT&CK ${normalized.attackTechniques.join(', ')}`));
  if (normalized.description) lines.splice(at, 0, fmt.text(normalized.description.slice(0, 500)));
  const icon =
    alert.status === 'resolved' ? fmt.icon('large_green_circle') : test ? fmt.icon('test_tube') : fmt.icon('bell');
  const open = alert.triage === 'pending' && alert.status === 'firing';
  return {
    alertId: alert.id,
    heading: `${icon} ${test ? 'TEST · ' : ''}${fmt.text(alert.title)}`,
    text: lines.join('\n'),
    // A test is never declared: it says the connection works, not that something is wrong.
    actions: open ? (test ? ['dismiss'] : ['declare', 'dismiss']) : [],
  };
}
