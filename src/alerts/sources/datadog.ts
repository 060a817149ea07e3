import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, mapSeverity, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';
import { firstText, lenient, optionalObject, optionalText, optionalTime, textList, textOf } from '../lenient-fields.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * Datadog Webhooks integration (docs.datadoghq.com/integrations/webhooks/). Datadog has no fixed body: the webhook's
 * Payload field is a template filled with `$VARIABLES`, every value a string ("" when Datadog has none). Two shapes
 * are accepted, and any edit of them, since Datadog never retries a 4xx:
 *
 * - Datadog's DEFAULT payload (what the tile pre-fills): `{"body": "$EVENT_MSG", "last_updated": "$LAST_UPDATED",
 *   "event_type": "$EVENT_TYPE", "title": "$EVENT_TITLE", "date": "$DATE", "org": {"id": "$ORG_ID", "name":
 *   "$ORG_NAME"}, "id": "$ID"}`: no monitor id and no transition, so both are read from the title
 *   (`[Recovered on {host:web-1}] CPU high`);
 * - the richer template warroom recommends (README), which adds the monitor and its group:
 *   `"alert_id": "$ALERT_ID", "alert_transition": "$ALERT_TRANSITION", "alert_type": "$ALERT_TYPE",
 *   "alert_priority": "$ALERT_PRIORITY", "scope": "$ALERT_SCOPE", "aggreg_key": "$AGGREG_KEY", "tags": "$TAGS",
 *   "hostname": "$HOSTNAME", "link": "$LINK"`.
 *
 * Ids, dates and counts may also arrive as numbers when a template leaves them unquoted; unknown fields pass.
 */
const DatadogPayload = z.object({
  /** $ID: this event's id; a new one for every notification. */
  id: optionalText,
  /** $ALERT_ID: the monitor's id. */
  alert_id: optionalText,
  /** $AGGREG_KEY: groups the events of one monitor. */
  aggreg_key: optionalText,
  /** $EVENT_TITLE: `[P1] [Triggered on {host:web-1}] Monitor name`. */
  title: optionalText,
  /** $ALERT_TITLE, in some custom templates. */
  alert_title: optionalText,
  /** $EVENT_MSG. */
  body: optionalText,
  /** $TEXT_ONLY_MSG, in some custom templates. */
  text_only_msg: optionalText,
  /** $ALERT_TRANSITION: Triggered, Re-Triggered, Recovered, Warn, Re-Warn, No Data, Re-No Data, Renotify. */
  alert_transition: optionalText,
  /** $ALERT_TYPE: error, warning, info, success. */
  alert_type: optionalText,
  /** $EVENT_TYPE: metric_alert_monitor, query_alert_monitor, service_check…; some templates put the transition here. */
  event_type: optionalText,
  /** Event priority: normal or low. Not the monitor priority. */
  priority: optionalText,
  /** $ALERT_PRIORITY: monitor priority P1..P5. Kept "" when sent empty: the monitor has none, so a [P1] in the title is not consulted. */
  alert_priority: lenient((v) => (typeof v === 'string' ? v.trim() : textOf(v))),
  /** $DATE, $LAST_UPDATED, $DATE_POSIX: epoch milliseconds (POSIX: seconds), e.g. "1406662672000". */
  date: optionalTime,
  last_updated: optionalTime,
  date_posix: optionalTime,
  hostname: optionalText,
  host_name: optionalText,
  /** $TAGS: "env:prod,service:checkout,monitor"; an array in edited templates. */
  tags: textList,
  link: optionalText,
  url: optionalText,
  org: optionalObject({ id: optionalText, name: optionalText }),
  /** $ALERT_SCOPE: the group that triggered a multi-alert monitor, "host:web-1, env:prod". */
  scope: textList,
  alert_scope: textList,
});
type DatadogPayload = z.infer<typeof DatadogPayload>;

export const DATADOG_LOOKED_FOR = [
  'title ($EVENT_TITLE)',
  'alert_title ($ALERT_TITLE)',
  'alert_id ($ALERT_ID)',
  'aggreg_key ($AGGREG_KEY)',
  'id ($ID)',
];

const severityTable = (entries: Record<string, AlertSeverity>): Record<string, AlertSeverity> =>
  // A null prototype: mapSeverity tests keys with `in`, which would otherwise match `constructor`, `toString`…
  Object.assign(Object.create(null) as Record<string, AlertSeverity>, entries);
const ALERT_PRIORITY = severityTable({ p1: 'critical', p2: 'high', p3: 'medium', p4: 'low', p5: 'info' });
/** Datadog's alert_type is the event level: `error` is a monitor in Alert, `success` a recovery. */
const ALERT_TYPE = severityTable({ error: 'high', warning: 'medium', info: 'info', success: 'info' });

/** `key:value` tags to labels (values keep later colons: `url:https://…`); bare tags become keys with an empty value. */
function tagLabels(tags: string[]): Record<string, string> {
  // A Map, not an object literal: tag keys are user text and may be `constructor`. `__proto__` is dropped, as
  // NormalizedAlert's record parsing would drop it anyway.
  const out = new Map<string, string>();
  for (const tag of tags) {
    const i = tag.indexOf(':');
    const [key, value] = i === -1 ? [tag, ''] : [tag.slice(0, i), tag.slice(i + 1)];
    if (key === '__proto__') continue;
    const seen = out.get(key);
    // Repeated keys (team:a,team:b) keep every value rather than the last one.
    out.set(key, seen !== undefined && seen !== value ? `${seen},${value}` : value);
  }
  return Object.fromEntries(out);
}

/** Datadog's transition words, lower-cased without "Re-", to the word as Datadog writes it. */
const TRANSITIONS = new Map([
  ['triggered', 'Triggered'],
  ['recovered', 'Recovered'],
  ['warn', 'Warn'],
  ['no data', 'No Data'],
  ['renotify', 'Renotify'],
]);
const TITLE_PREFIX =
  /^\s*(?:\[P[1-5]\]\s*)?\[((?:Re-)?(?:Triggered|Recovered|Warn|No Data|Renotify))(?: on \{([^}]*)\})?\]\s*/i;
const TEST_PREFIX = /^\s*\[TEST\]\s*/i;

/** A transition word anywhere Datadog or a template may put it: "Re-Triggered", "[Recovered]", "recovered". */
function transitionIn(text: string | undefined): string | undefined {
  const word = text
    ?.trim()
    .replace(/^\[|\]$/g, '')
    .replace(/ on \{.*$/, '')
    .toLowerCase();
  if (!word) return undefined;
  const re = word.startsWith('re-') && word !== 'recovered';
  const base = TRANSITIONS.get(re ? word.slice(3) : word);
  return base ? `${re ? 'Re-' : ''}${base}` : undefined;
}

/** The title without the test marker, priority and transition prefix (status carries those), and what the prefix said. */
function parseTitle(title: string): { bare: string; transition?: string; scope?: string; test: boolean } {
  const test = TEST_PREFIX.test(title);
  const rest = title.replace(TEST_PREFIX, '');
  const m = TITLE_PREFIX.exec(rest);
  const stripped = rest
    .replace(TITLE_PREFIX, '')
    .replace(/^\[P[1-5]\]\s*/i, '')
    .trim();
  return { bare: stripped || title, transition: m?.[1] ? transitionIn(m[1]) : undefined, scope: m?.[2], test };
}

/** Monitor messages are wrapped in `%%%` markdown fences and often start with the `@webhook-…` mention. */
function cleanBody(body: string | undefined): string | null {
  const text = (body ?? '')
    .replace(/^\s*%%%\s*/, '')
    .replace(/\s*%%%\s*$/, '')
    .trim();
  return text ? clip(text, 10_000) : null;
}

const sortedScope = (tags: string[]) => [...tags].sort().join(',');

export const datadogSource: AlertSource<DatadogPayload> = {
  id: 'datadog',
  displayName: 'Datadog',
  auth: { kind: 'bearer' },
  // The webhook tile's "Encode as form" checkbox posts the template's fields as a form.
  acceptsForm: true,
  schema: DatadogPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const rawTitle = firstText(payload.title, payload.alert_title);
    const parsed = rawTitle ? parseTitle(rawTitle) : undefined;
    const alertId = payload.alert_id;
    if (!parsed && !alertId && !payload.aggreg_key && !payload.id)
      throw new NoAlertTitleError('Datadog', DATADOG_LOOKED_FOR);
    // The triggering group: the template's scope, else what the title says after "on".
    const scopeTags =
      payload.scope.length > 0
        ? payload.scope
        : payload.alert_scope.length > 0
          ? payload.alert_scope
          : (parsed?.scope
              ?.split(',')
              .map((t) => t.trim())
              .filter(Boolean) ?? []);
    // The group wins over the monitor-wide event tags.
    const labels: Record<string, string> = { ...tagLabels(payload.tags), ...tagLabels(scopeTags) };
    const transition =
      transitionIn(payload.alert_transition) ??
      transitionIn(payload.event_type) ??
      parsed?.transition ??
      (payload.alert_type?.toLowerCase() === 'success' ? 'Recovered' : undefined) ??
      'Triggered';
    const resolved = transition === 'Recovered';
    const eventTime =
      toIsoUtc(payload.date ?? payload.last_updated ?? payload.date_posix ?? null) ??
      toIsoUtc(ctx.receivedAt.getTime());
    const host = labels.host?.trim() || payload.hostname || payload.host_name || null;
    const service = labels.service?.trim() || null;
    const attackTags = Object.entries(labels)
      .filter(([k]) => /technique|mitre|attack/i.test(k))
      .map(([, v]) => v);
    // What makes a notification the same alert again, from what the template carries: the monitor and its group;
    // else the aggregation key and group; else the title (which names monitor and group) — the event id only last,
    // since Datadog gives every notification a new one and a recovery would never match its trigger.
    const scope = sortedScope(scopeTags);
    const fingerprint = alertId
      ? stableFingerprint('datadog', { alert_id: alertId, scope })
      : payload.aggreg_key
        ? stableFingerprint('datadog', { aggreg_key: payload.aggreg_key, scope })
        : parsed
          ? stableFingerprint('datadog', { title: parsed.bare, scope })
          : stableFingerprint('datadog', { event_id: payload.id ?? null });
    const externalId = alertId ?? payload.aggreg_key ?? payload.id ?? null;
    const title = parsed?.bare ?? `Datadog monitor ${alertId ?? payload.aggreg_key ?? payload.id}`;
    // The default template has no $ALERT_PRIORITY; Datadog puts a monitor's priority at the start of the title.
    const priority =
      payload.alert_priority !== undefined
        ? payload.alert_priority || null
        : (/^\s*(?:\[TEST\]\s*)?\[(P[1-5])\]/i.exec(rawTitle ?? '')?.[1] ?? null);
    return [
      {
        source: 'datadog',
        externalId: externalId ? clip(externalId, 512) : null,
        fingerprint,
        title: clip(title, 300),
        description: cleanBody(payload.body ?? payload.text_only_msg),
        // Monitor priority when set (or in the title); otherwise the event level; a blank or unknown level is medium.
        severity: mapSeverity(priority, ALERT_PRIORITY, mapSeverity(payload.alert_type ?? null, ALERT_TYPE, 'medium')),
        status: resolved ? 'resolved' : 'firing',
        service: service ? clip(service, 200) : null,
        asset: {
          host: host ? clip(host, 255) : null,
          ip: host && isIP(host) ? host : null,
          cloudResource: labels.pod_name?.trim() || labels.container_name?.trim() || null,
          user: null,
        },
        labels: { ...labels, ...(alertId ? { datadog_monitor_id: alertId } : {}), datadog_transition: transition },
        links: safeLinks([{ title: 'Datadog', url: payload.link ?? payload.url }]),
        // $DATE is when this notification's event happened: the start for a trigger, the end for a recovery.
        startsAt: resolved ? null : eventTime,
        endsAt: resolved ? eventTime : null,
        attackTechniques: attackTechniquesIn(attackTags),
        // A monitor's "Test Notifications" button sends the notification with a [TEST] title.
        ...(parsed?.test ? { test: true } : {}),
      },
    ];
  },
};
