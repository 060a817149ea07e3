import { differenceInMilliseconds } from 'date-fns';
import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';
import type { AlertRecord } from './alert-record.js';
import type { NormalizedAlert } from './normalized-alert.js';

const LISTED = 10;
const count = (n: number) => n.toLocaleString('en-US');

/** "+4.2 s" style gaps for the detection line. */
function gap(fromIso: string | null, toIso: string | null): string {
  if (!fromIso || !toIso) return '?';
  const ms = differenceInMilliseconds(new Date(toIso), new Date(fromIso));
  if (Math.abs(ms) < 1000) return `+${ms} ms`;
  if (Math.abs(ms) < 120_000) return `+${(ms / 1000).toFixed(1)} s`;
  return `+${Math.round(ms / 60_000)} min`;
}

/**
 * The war room's rolled-up alert message. During a storm it is edited in place, so a thousand repeats are one
 * message with a count ("1,532 alerts, last 09:41:03"), not a thousand messages.
 */
export function describeAlertSummary(incident: Incident, alerts: AlertRecord[], fmt: Fmt): string {
  const total = alerts.reduce((n, a) => n + a.receivedCount, 0);
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const last = alerts.map((a) => a.lastReceivedAt).sort().at(-1);
  const lines = [
    `*Alerts* — ${count(total)} received · ${firing} firing · ${alerts.length - firing} resolved${last ? ` · last ${fmt.time(last)}` : ''}`,
  ];
  if (incident.origin === 'alert') {
    lines.push(`Detected ${incident.detectedAt ? fmt.time(incident.detectedAt) : '?'} · received ${gap(incident.detectedAt, incident.alertReceivedAt)} · war room ${gap(incident.alertReceivedAt, incident.declaredAt)}`);
  }
  for (const a of alerts.slice(0, LISTED)) {
    const icon = a.status === 'firing' ? ':red_circle:' : ':large_green_circle:';
    const times = a.receivedCount > 1 ? ` ×${count(a.receivedCount)}` : '';
    const host = (JSON.parse(a.normalized) as NormalizedAlert).asset.host;
    const where = [a.service, host].filter((v): v is string => Boolean(v)).map((v) => ` · ${fmt.text(v)}`).join('');
    lines.push(`${icon} ${fmt.text(a.title)} (${a.source}, ${a.severity}, ${a.priority})${times}${where}`);
  }
  if (alerts.length > LISTED) lines.push(`…and ${alerts.length - LISTED} more`);
  return lines.join('\n');
}
