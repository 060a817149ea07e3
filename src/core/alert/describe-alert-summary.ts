import type { Fmt } from '../fmt.js';
import type { AlertRecord } from './alert-record.js';
import type { NormalizedAlert } from './normalized-alert.js';

const LISTED = 10;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The war room's rolled-up alert message. During a storm it is edited in place, so a thousand repeats are one
 * message with a count ("1,532 alerts, last 09:41:03"), not a thousand messages.
 */
export function describeAlertSummary(alerts: AlertRecord[], fmt: Fmt): string {
  const total = alerts.reduce((n, a) => n + a.receivedCount, 0);
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const last = alerts
    .map((a) => a.lastReceivedAt)
    .sort()
    .at(-1);
  const lines = [
    `${fmt.bold('Alerts')} — ${count(total)} received · ${firing} firing · ${alerts.length - firing} resolved${last ? ` · last ${fmt.time(last)}` : ''}`,
  ];
  for (const a of alerts.slice(0, LISTED)) {
    const icon = a.status === 'firing' ? fmt.icon('red_circle') : fmt.icon('large_green_circle');
    const times = a.receivedCount > 1 ? ` ×${count(a.receivedCount)}` : '';
    const normalized = JSON.parse(a.normalized) as NormalizedAlert;
    const where = [a.service, normalized.asset.host]
      .filter((v): v is string => Boolean(v))
      .map((v) => ` · ${fmt.text(v)}`)
      .join('');
    const attack = normalized.attackTechniques.length > 0 ? ` · ATT&CK ${normalized.attackTechniques.join(', ')}` : '';
    lines.push(
      `${icon} ${fmt.text(a.title)} (${a.source}, ${a.severity}, ${a.priority})${times}${where}${fmt.text(attack)}`,
    );
  }
  if (alerts.length > LISTED) lines.push(`…and ${alerts.length - LISTED} more`);
  return lines.join('\n');
}
