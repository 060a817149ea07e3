import type { Fmt } from '../fmt.js';
import type { AlertRecord } from '../alert/alert-record.js';
import type { Incident } from '../incident/incident.js';
import type { StormSplitTarget } from './declare-separately.js';
import type { Storm } from './storm.js';

/** Rows that get a Declare separately button (Slack: one section each, within its 50 blocks a message). */
export const STORM_ROWS_WITH_BUTTONS = 20;
/** Text of the rest of the list, kept under Slack's undocumented ~13k characters of blocks (msg_blocks_too_long). */
const REST_BUDGET = 8_500;
const CHUNK = 2_800;
const ROW_TEXT = 1_500;
const count = (n: number) => n.toLocaleString('en-US');

/** A storm's one rolled-up message, platform-neutral: the adapters draw `rows` with a button where `split` is set. */
export interface StormSummaryView {
  incidentId: number;
  heading: string;
  note: string;
  rows: Array<{ text: string; split: StormSplitTarget }>;
  /** The rest of the affected services and alerts, in chunks of plain list text. */
  rest: string[];
  /** Alerts already declared separately, and where they went. */
  splitOut: string | null;
}

interface Group {
  label: string;
  alerts: AlertRecord[];
  split: StormSplitTarget;
}

/** By service (alerts without one stand alone), most urgent first, then the biggest, then the oldest. */
function groupAlerts(alerts: AlertRecord[]): Group[] {
  const groups = new Map<string, Group>();
  for (const a of alerts) {
    // A service name too long for a button's value is split out alert by alert instead.
    const byService = a.service !== null && a.service.length <= 200;
    const key = byService ? `s:${a.service?.toLowerCase()}` : `a:${a.id}`;
    const group = groups.get(key) ?? {
      label: byService ? (a.service ?? '') : a.title,
      alerts: [],
      split: byService ? { service: a.service ?? '' } : { alertId: a.id },
    };
    group.alerts.push(a);
    groups.set(key, group);
  }
  const best = (g: Group) => g.alerts.map((a) => a.priority).sort()[0] ?? 'P4';
  return [...groups.values()].sort(
    (x, y) =>
      best(x).localeCompare(best(y)) ||
      y.alerts.length - x.alerts.length ||
      (x.alerts[0]?.id ?? 0) - (y.alerts[0]?.id ?? 0),
  );
}

function alertLine(a: AlertRecord, fmt: Fmt): string {
  const icon = a.status === 'firing' ? fmt.icon('red_circle') : fmt.icon('large_green_circle');
  const times = a.receivedCount > 1 ? ` ×${count(a.receivedCount)}` : '';
  return `${icon} ${fmt.text(a.title)} (${a.priority})${times}`;
}

/** Short, so hundreds fit: the service only when the titles do not name it, the priority only when it is P1. */
function restLine(g: Group, fmt: Fmt): string {
  const named = g.alerts.every((a) => a.title.toLowerCase().includes(g.label.toLowerCase()));
  const titles = g.alerts
    .map(
      (a) => `${fmt.text(a.title)}${a.priority === 'P1' ? ' (P1)' : ''}${a.status === 'resolved' ? ' (resolved)' : ''}`,
    )
    .join('; ');
  return named ? `• ${titles}` : `• ${fmt.bold(fmt.text(g.label))}: ${titles}`;
}

/**
 * The storm incident's rolled-up message: every affected service and alert (while the message has room), a Declare
 * separately button for the most urgent ones, and what was split out already. Edited in place as alerts join.
 */
export function describeStormSummary(
  incident: Incident,
  storm: Storm,
  alerts: AlertRecord[],
  splitOut: Array<{ alert: AlertRecord; to: Incident | null }>,
  fmt: Fmt,
): StormSummaryView {
  const groups = groupAlerts(alerts);
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const services = new Set(alerts.map((a) => a.service?.toLowerCase()).filter(Boolean)).size;
  const last = alerts
    .map((a) => a.lastReceivedAt)
    .sort()
    .at(-1);
  const heading = `${fmt.bold('Alert storm')} — ${count(alerts.length)} alert${alerts.length === 1 ? '' : 's'} · ${count(services)} service${services === 1 ? '' : 's'} · ${count(firing)} firing${last ? ` · last ${fmt.time(last)}` : ''}`;
  const note = `More than ${storm.maxWarRooms} war rooms would have opened within ${storm.windowMinutes} min, so these alerts wait here instead of opening a room each (P1 alerts of tier-1 services still get their own). ${fmt.bold('Declare separately')} gives one its own incident and war room.`;
  const rows = groups.slice(0, STORM_ROWS_WITH_BUTTONS).map((g) => {
    const text = `${fmt.bold(fmt.text(g.label))} — ${g.alerts.length} alert${g.alerts.length === 1 ? '' : 's'}: ${g.alerts.map((a) => alertLine(a, fmt)).join(', ')}`;
    return { text: text.length > ROW_TEXT ? `${text.slice(0, ROW_TEXT - 1)}…` : text, split: g.split };
  });
  const rest: string[] = [];
  let used = 0;
  let chunk = '';
  let left = groups.length - rows.length;
  for (const g of groups.slice(rows.length)) {
    const line = restLine(g, fmt);
    if (used + line.length > REST_BUDGET) break;
    if (chunk.length + line.length + 1 > CHUNK) {
      rest.push(chunk);
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
    used += line.length + 1;
    left -= 1;
  }
  if (left > 0)
    chunk = `${chunk ? `${chunk}\n` : ''}…and ${count(left)} more (every alert is on the timeline: ${fmt.command('timeline')})`;
  if (chunk) rest.push(chunk);
  const moved = new Map<string, { ref: string; n: number }>();
  for (const { alert, to } of splitOut) {
    const label = alert.service ?? alert.title;
    const key = `${label}→${to?.ref ?? '?'}`;
    moved.set(key, { ref: `${fmt.text(label)} → ${to?.ref ?? 'another incident'}`, n: (moved.get(key)?.n ?? 0) + 1 });
  }
  const splitText = [...moved.values()].map((m) => (m.n > 1 ? `${m.ref} (${m.n})` : m.ref)).join(' · ');
  return {
    incidentId: incident.id,
    heading,
    note,
    rows,
    rest,
    splitOut: splitText
      ? `Declared separately: ${splitText.length > 2_000 ? `${splitText.slice(0, 1_999)}…` : splitText}`
      : null,
  };
}
