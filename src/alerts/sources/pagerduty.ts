import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, flatLabels, mapSeverity, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { NormalizedAlert } from '../normalized-alert.js';
import { lenient, lenientList, optionalObject, optionalText, optionalTime, optionalWord } from '../lenient-fields.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { stableFingerprint } from '../stable-fingerprint.js';

const Action = optionalWord(['trigger', 'acknowledge', 'resolve']);

/** Documented as an object; PagerDuty also accepts (and many tools send) a plain string. */
const Details = lenient((value): Record<string, unknown> | string | undefined => {
  if (typeof value === 'string') return value.trim() ? value : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
});

/**
 * The PagerDuty Events API, as sent to https://events.pagerduty.com/v2/enqueue, so any tool that can page PagerDuty
 * can post here unchanged; read leniently, since such tools do not retry a 4xx:
 * - Events API v2 (developer.pagerduty.com/docs/events-api-v2/trigger-events/): `routing_key`, `event_action`,
 *   `dedup_key`, `payload {summary, source, severity, timestamp, component, group, class, custom_details}`,
 *   `images`, `links`, `client`, `client_url`. An unknown severity is read as medium rather than refused.
 * - Events API v1, which older tools still send to /generic/2010-04-15/create_event.json: `service_key`,
 *   `event_type`, `incident_key`, `description`, `details`, `client`, `client_url`, `contexts`.
 * The integration key (routing_key or service_key) is the shared secret. Change events (/v2/change/enqueue) are
 * not alerts: without a summary or a dedup key they are refused.
 */
const PagerDutyPayload = z.object({
  routing_key: optionalText,
  event_action: Action,
  dedup_key: optionalText,
  payload: optionalObject({
    summary: optionalText,
    source: optionalText,
    severity: optionalWord(['critical', 'error', 'warning', 'info']),
    timestamp: optionalTime,
    component: optionalText,
    group: optionalText,
    class: optionalText,
    custom_details: Details,
  }),
  images: lenientList(z.object({ src: optionalText, href: optionalText, alt: optionalText })),
  links: lenientList(z.object({ href: optionalText, text: optionalText })),
  client: optionalText,
  client_url: optionalText,
  // Events API v1.
  service_key: optionalText,
  event_type: Action,
  incident_key: optionalText,
  description: optionalText,
  details: Details,
  contexts: lenientList(
    z.object({ type: optionalText, href: optionalText, src: optionalText, text: optionalText, alt: optionalText }),
  ),
});
type PagerDutyPayload = z.infer<typeof PagerDutyPayload>;

export const PAGERDUTY_LOOKED_FOR = [
  'payload.summary',
  'dedup_key',
  'description (Events API v1)',
  'incident_key (Events API v1)',
];

const SEVERITY = { critical: 'critical', error: 'high', warning: 'medium', info: 'info' } as const;

const HOSTNAME = /^(?=.{1,255}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * `source` is "preferably a hostname or FQDN", but tools also send paths like `monitoringtool:cloud:…:cluster/api-3`.
 * A hostname or IP is the host; anything else is kept as the cloud resource rather than lost.
 */
function assetOf(source: string | undefined): NormalizedAlert['asset'] {
  const asset: NormalizedAlert['asset'] = { host: null, ip: null, cloudResource: null, user: null };
  if (!source) return asset;
  if (isIP(source)) return { ...asset, host: source, ip: source };
  if (HOSTNAME.test(source)) return { ...asset, host: source };
  return { ...asset, cloudResource: clip(source, 2048) };
}

/** custom_details as readable `key: value` lines; a string is used as is. */
function detailsText(details: Record<string, unknown> | string | undefined): string | null {
  if (details === undefined) return null;
  const text =
    typeof details === 'string'
      ? details
      : Object.entries(details)
          .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join('\n');
  return text.trim() ? clip(text.trim(), 10_000) : null;
}

/** A sender's test, as the tools that page PagerDuty send it: Grafana's contact-point test ("[FIRING:1] TestAlert …"), "[TEST]…". */
function isTestEvent(summary: string | undefined, details: Record<string, unknown> | string | undefined): boolean {
  if (/^\s*\[TEST\]/i.test(summary ?? '') || /^\s*\[FIRING:\d+\]\s*TestAlert\b/.test(summary ?? '')) return true;
  return typeof details === 'object' && ['true', 'yes', '1'].includes(String(details.test ?? '').toLowerCase());
}

export const pagerdutySource: AlertSource<PagerDutyPayload> = {
  id: 'pagerduty',
  displayName: 'PagerDuty Events API',
  auth: { kind: 'body-field', paths: ['routing_key', 'service_key'] },
  schema: PagerDutyPayload,
  normalize(event, ctx): NormalizedAlert[] {
    const p = event.payload;
    const action = event.event_action ?? event.event_type ?? 'trigger';
    const summary = p?.summary ?? event.description;
    const rawKey = event.dedup_key ?? event.incident_key;
    if (!summary && !rawKey) throw new NoAlertTitleError('PagerDuty Events API', PAGERDUTY_LOOKED_FOR);
    // A sender's key longer than PagerDuty's 255 is hashed rather than cut, so distinct keys stay distinct.
    const dedupKey = rawKey && rawKey.length > 255 ? stableFingerprint('pagerduty', { dedup_key: rawKey }) : rawKey;
    const customDetails = p?.custom_details ?? event.details;
    // The hash covers triggers without a key. It leaves out routing_key (a secret, and a re-keyed integration is the
    // same alert) and severity (it can change).
    const fingerprint =
      dedupKey ??
      stableFingerprint('pagerduty', {
        summary: summary ?? null,
        source: p?.source ?? null,
        component: p?.component ?? null,
      });
    const details = typeof customDetails === 'object' ? flatLabels(customDetails) : {};
    const labels: Record<string, string> = {
      ...details,
      ...(p?.component ? { component: p.component } : {}),
      ...(p?.group ? { group: p.group } : {}),
      ...(p?.class ? { class: p.class } : {}),
      ...(action === 'acknowledge' ? { pagerduty_action: 'acknowledge' } : {}),
      ...(event.service_key && !event.routing_key ? { pagerduty_api: 'v1' } : {}),
    };
    // Group is "a logical grouping of components of a service", the closer match to a catalog service.
    const service = p?.group ?? p?.component ?? null;
    const eventTime = toIsoUtc(p?.timestamp);
    const receivedAt = toIsoUtc(ctx.receivedAt.getTime());
    const v1Links = event.contexts.map((c) =>
      c.type === 'image'
        ? { title: clip(c.alt ?? 'Image', 200), url: c.href ?? c.src }
        : { title: clip(c.text ?? 'Link', 200), url: c.href },
    );
    return [
      {
        source: 'pagerduty',
        externalId: dedupKey ?? null,
        fingerprint,
        title: clip(summary ?? `PagerDuty ${action} ${dedupKey ?? ''}`.trim(), 300),
        description: detailsText(customDetails),
        // Acknowledge/resolve without a payload carry no severity: medium, the same default as other sources, and
        // consumers should not let it overwrite the severity of the alert being updated. v1 has no severity at all.
        severity: p?.severity ? mapSeverity(p.severity, SEVERITY, 'medium') : 'medium',
        status: action === 'resolve' ? 'resolved' : 'firing',
        service: service ? clip(service, 200) : null,
        asset: assetOf(p?.source),
        labels,
        links: safeLinks([
          ...event.links.map((l) => ({ title: clip(l.text || 'Link', 200), url: l.href })),
          ...event.images.map((i) => ({ title: clip(i.alt || 'Image', 200), url: i.href ?? i.src })),
          ...v1Links,
          { title: clip(event.client || 'Source', 200), url: event.client_url },
        ]),
        // A trigger's timestamp is when the problem was detected. Acknowledge and resolve events are updates to an
        // alert that started earlier: they give no start, and a resolve's own time (or receipt) is the end.
        startsAt: action === 'trigger' ? (eventTime ?? receivedAt) : null,
        endsAt: action === 'resolve' ? (eventTime ?? receivedAt) : null,
        attackTechniques: attackTechniquesIn(
          p?.class,
          Object.entries(details)
            .filter(([k]) => /technique|mitre|attack/i.test(k))
            .map(([, v]) => v),
        ),
        ...(isTestEvent(summary, customDetails) ? { test: true } : {}),
      },
    ];
  },
};
