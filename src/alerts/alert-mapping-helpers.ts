import { z } from 'zod';
import { ALERT_SEVERITIES, type AlertSeverity } from './normalized-alert.js';

const LinkUrl = z.url();

/** Any vendor timestamp (ISO with offset, epoch seconds or milliseconds) to ISO-8601 UTC, or null if unusable. */
export function toIsoUtc(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  let date: Date;
  if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    // Epoch seconds until the year 5138; beyond that it must be milliseconds.
    date = new Date(n < 1e11 ? n * 1000 : n);
  } else {
    // A date-time without a zone is read as UTC, never as this server's local time.
    const zoneless = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim());
    date = new Date(zoneless ? `${value.trim().replace(' ', 'T')}Z` : value);
  }
  if (Number.isNaN(date.getTime())) return null;
  // Alertmanager sends 0001-01-01T00:00:00Z for "no end": treat years before 1970 as absent; past 9999 is garbage.
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 9999) return null;
  return date.toISOString();
}

/** Maps a vendor severity word or number through `table`, falling back to `fallback`. Case-insensitive. */
export function mapSeverity(
  value: string | number | null | undefined,
  table: Record<string, AlertSeverity>,
  fallback: AlertSeverity,
): AlertSeverity {
  if (value === null || value === undefined) return fallback;
  const key = String(value).trim().toLowerCase();
  // Own keys only: `constructor` or `__proto__` in a payload must not reach Object.prototype.
  if (Object.hasOwn(table, key)) return table[key] as AlertSeverity;
  return (ALERT_SEVERITIES as readonly string[]).includes(key) ? (key as AlertSeverity) : fallback;
}

/** Numeric scales (GuardDuty 0–10, Wazuh 0–16, Elastic risk 0–100): thresholds checked from the top. */
export function severityFromScore(
  score: number,
  thresholds: Array<[min: number, severity: AlertSeverity]>,
): AlertSeverity {
  for (const [min, severity] of thresholds) if (score >= min) return severity;
  return 'info';
}

const MAX_LABELS = 100;
const MAX_LABEL_KEY = 100;
const MAX_LABEL_VALUE = 1_000;

/**
 * Keeps string-ish scalar values only, stringified, so labels stay a flat string map; bounded in count and size,
 * and built on a prototype-less object so a `__proto__` key is just a key.
 */
export function flatLabels(record: Record<string, unknown> | null | undefined): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  let n = 0;
  for (const [k, v] of Object.entries(record ?? {})) {
    if (n >= MAX_LABELS) break;
    if (k.length > MAX_LABEL_KEY || k === '__proto__') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out[k] = clip(String(v), MAX_LABEL_VALUE);
      n += 1;
    }
  }
  return { ...out };
}

/** Pulls ATT&CK technique ids (T1059, T1059.001) out of free text or tags, de-duplicated, in order. */
export function attackTechniquesIn(...texts: Array<string | null | undefined | string[]>): string[] {
  const found = new Set<string>();
  // Any case, and glued to underscores as tags often are (mitre_t1059_001); normalised to T1059.001.
  for (const t of texts.flat()) {
    for (const m of (t ?? '').matchAll(/(?<![A-Za-z0-9])T(\d{4})(?:[._](\d{3}))?(?!\d)/gi))
      found.add(m[2] ? `T${m[1]}.${m[2]}` : `T${m[1]}`);
  }
  return [...found];
}

/** Truncates to `max` characters with an ellipsis, for titles vendors allow to be longer than ours. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Keeps only http(s) links that are valid URLs by the same rule as the NormalizedAlert schema (a link in chat must
 * never be javascript: or similar, and one bad link must not sink the whole alert). Titles are clipped to 200.
 */
export function safeLinks(
  links: Array<{ title: string; url: string | null | undefined }>,
): Array<{ title: string; url: string }> {
  return links
    .filter(
      (l): l is { title: string; url: string } =>
        typeof l.url === 'string' && /^https?:\/\//i.test(l.url) && LinkUrl.safeParse(l.url).success,
    )
    .map((l) => ({ title: clip(l.title, 200), url: l.url }))
    .slice(0, 20);
}

/** `instance`-style `host:port` (or `[v6]:port`) to the host a catalog knows. */
export function hostOf(instance: string | undefined): string | null {
  if (!instance) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (bracketed?.[1]) return bracketed[1];
  return clip(instance.replace(/:\d+$/, ''), 255);
}

/** The `severity` label as Prometheus, Alertmanager and Grafana users write it. */
export const PROMETHEUS_SEVERITY: Readonly<Record<string, AlertSeverity>> = {
  critical: 'critical',
  page: 'critical',
  error: 'high',
  high: 'high',
  major: 'high',
  warning: 'medium',
  warn: 'medium',
  medium: 'medium',
  minor: 'low',
  low: 'low',
  info: 'info',
  none: 'info',
};
