import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, mapSeverity, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * Datadog Webhooks integration (docs.datadoghq.com/integrations/webhooks/). Datadog has no fixed body: the webhook's
 * Payload field is a template filled with `$VARIABLES`. Warroom expects this template (Datadog's documented default
 * `id/title/body/date/org` fields plus the alert variables we route on); paste it into the webhook tile and add the
 * custom header `{"Authorization": "Bearer <WEBHOOK_SECRET_DATADOG>"}`:
 *
 * {
 *   "id": "$ID", "alert_id": "$ALERT_ID", "aggreg_key": "$AGGREG_KEY",
 *   "title": "$EVENT_TITLE", "body": "$EVENT_MSG",
 *   "alert_transition": "$ALERT_TRANSITION", "alert_type": "$ALERT_TYPE",
 *   "priority": "$PRIORITY", "alert_priority": "$ALERT_PRIORITY",
 *   "date": "$DATE", "hostname": "$HOSTNAME", "tags": "$TAGS", "link": "$LINK",
 *   "org": { "id": "$ORG_ID", "name": "$ORG_NAME" }, "scope": "$ALERT_SCOPE"
 * }
 *
 * Datadog substitutes every variable, with "" when it has no value (no priority set, no host), so only the fields
 * that identify the alert are required. Ids and `date` may also arrive as numbers when the template leaves them
 * unquoted, which is a common edit.
 */
const IdLike = z.union([z.string(), z.number()]);
const DatadogPayload = z.object({
  id: IdLike.optional(),
  alert_id: z.union([z.string().min(1), z.number()]),
  aggreg_key: z.string().optional(),
  title: z.string().min(1),
  body: z.string().optional(),
  /** Triggered, Re-Triggered, Recovered, Warn, Re-Warn, No Data, Re-No Data, Renotify. */
  alert_transition: z.string().min(1),
  /** error, warning, info, success. */
  alert_type: z.string().optional(),
  /** Event priority: normal or low. Not the monitor priority. */
  priority: z.string().optional(),
  /** Monitor priority P1..P5, "" when unset. */
  alert_priority: z.string().optional(),
  /** Epoch milliseconds, e.g. "1406662672000". */
  date: IdLike.optional(),
  hostname: z.string().optional(),
  /** Comma-separated event tags: "env:prod,service:checkout,monitor". */
  tags: z.string().optional(),
  link: z.string().optional(),
  org: z.object({ id: IdLike, name: z.string() }).optional(),
  /** Comma-separated tags of the group that triggered a multi-alert monitor: "host:web-1, env:prod". */
  scope: z.string().optional(),
});
type DatadogPayload = z.infer<typeof DatadogPayload>;

const severityTable = (entries: Record<string, AlertSeverity>): Record<string, AlertSeverity> =>
  // A null prototype: mapSeverity tests keys with `in`, which would otherwise match `constructor`, `toString`…
  Object.assign(Object.create(null) as Record<string, AlertSeverity>, entries);
const ALERT_PRIORITY = severityTable({ p1: 'critical', p2: 'high', p3: 'medium', p4: 'low', p5: 'info' });
/** Datadog's alert_type is the event level: `error` is a monitor in Alert, `success` a recovery. */
const ALERT_TYPE = severityTable({ error: 'high', warning: 'medium', info: 'info', success: 'info' });

function splitTags(tags: string | undefined): string[] {
  return (tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

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

/** `$EVENT_TITLE` starts with the transition (`[P1] [Triggered on {host:web-1}] …`); status carries that already. */
function bareTitle(title: string): string {
  const stripped = title
    .replace(/^\[P[1-5]\]\s*/i, '')
    .replace(/^\[(?:Re-)?(?:Triggered|Recovered|Warn|No Data|Renotify)(?: on \{[^}]*\})?\]\s*/i, '')
    .trim();
  return stripped || title;
}

/** Monitor messages are wrapped in `%%%` markdown fences and often start with the `@webhook-…` mention. */
function cleanBody(body: string | undefined): string | null {
  const text = (body ?? '').replace(/^\s*%%%\s*/, '').replace(/\s*%%%\s*$/, '').trim();
  return text ? clip(text, 10_000) : null;
}

function nonEmpty(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

export const datadogSource: AlertSource<DatadogPayload> = {
  id: 'datadog',
  displayName: 'Datadog',
  auth: { kind: 'bearer' },
  schema: DatadogPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const scopeTags = splitTags(payload.scope);
    // The scope is the triggering group, so it wins over the monitor-wide event tags.
    const labels: Record<string, string> = { ...tagLabels(splitTags(payload.tags)), ...tagLabels(scopeTags) };
    const alertId = String(payload.alert_id);
    const resolved = payload.alert_transition.trim().toLowerCase() === 'recovered';
    const eventTime = toIsoUtc(payload.date ?? null) ?? toIsoUtc(ctx.receivedAt.getTime());
    const host = nonEmpty(labels.host) ?? nonEmpty(payload.hostname);
    const service = nonEmpty(labels.service);
    const attackTags = Object.entries(labels)
      .filter(([k]) => /technique|mitre|attack/i.test(k))
      .map(([, v]) => v);
    return [
      {
        source: 'datadog',
        externalId: clip(alertId, 512),
        // One monitor alerts once per group: the monitor id plus its (order-independent) scope is the alert.
        fingerprint: stableFingerprint('datadog', { alert_id: alertId, scope: [...scopeTags].sort().join(',') }),
        title: clip(bareTitle(payload.title), 300),
        description: cleanBody(payload.body),
        // Monitor priority when set; otherwise the event level; a blank or unknown level is medium.
        severity: mapSeverity(nonEmpty(payload.alert_priority), ALERT_PRIORITY, mapSeverity(nonEmpty(payload.alert_type), ALERT_TYPE, 'medium')),
        status: resolved ? 'resolved' : 'firing',
        service: service ? clip(service, 200) : null,
        asset: {
          host: host ? clip(host, 255) : null,
          ip: host && isIP(host) ? host : null,
          cloudResource: nonEmpty(labels.pod_name) ?? nonEmpty(labels.container_name),
          user: null,
        },
        labels: { ...labels, datadog_monitor_id: alertId, datadog_transition: payload.alert_transition },
        links: safeLinks([{ title: 'Datadog', url: payload.link }]),
        // $DATE is when this notification's event happened: the start for a trigger, the end for a recovery.
        startsAt: resolved ? null : eventTime,
        endsAt: resolved ? eventTime : null,
        attackTechniques: attackTechniquesIn(attackTags),
      },
    ];
  },
};
