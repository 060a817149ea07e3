import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, flatLabels, mapSeverity, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { NormalizedAlert } from '../normalized-alert.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * PagerDuty Events API v2 alert event, as sent to https://events.pagerduty.com/v2/enqueue
 * (developer.pagerduty.com/docs/events-api-v2/trigger-events/), so any tool that can page PagerDuty can post here
 * unchanged. The routing key is the shared secret (auth kind body-field); change events (/v2/change/enqueue) are not
 * alerts and are not accepted.
 */
const PagerDutyPayload = z
  .object({
    routing_key: z.string().min(1),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: z.string().min(1).max(255).optional(),
    payload: z
      .object({
        summary: z.string().min(1).max(1024),
        source: z.string().min(1),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: z.string().optional(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        // Documented as an object; PagerDuty also accepts (and many tools send) a plain string.
        custom_details: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
      })
      .optional(),
    images: z.array(z.object({ src: z.string(), href: z.string().optional(), alt: z.string().optional() })).optional(),
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })).optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
  })
  .superRefine((event, issues) => {
    // As PagerDuty itself enforces: a trigger describes the problem, a follow-up names the alert it updates.
    if (event.event_action === 'trigger' && !event.payload) {
      issues.addIssue({ code: 'custom', path: ['payload'], message: 'payload is required when event_action is trigger' });
    }
    if (event.event_action !== 'trigger' && !event.dedup_key) {
      issues.addIssue({ code: 'custom', path: ['dedup_key'], message: `dedup_key is required when event_action is ${event.event_action}` });
    }
  });
type PagerDutyPayload = z.infer<typeof PagerDutyPayload>;

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

export const pagerdutySource: AlertSource<PagerDutyPayload> = {
  id: 'pagerduty',
  displayName: 'PagerDuty Events API v2',
  auth: { kind: 'body-field', path: 'routing_key' },
  schema: PagerDutyPayload,
  normalize(event, ctx): NormalizedAlert[] {
    const p = event.payload;
    const action = event.event_action;
    // The refinement guarantees a dedup_key whenever payload is absent; the hash covers triggers without one. It
    // leaves out routing_key (a secret, and a re-keyed integration is the same alert) and severity (it can change).
    const fingerprint =
      event.dedup_key ?? stableFingerprint('pagerduty', { summary: p?.summary ?? null, source: p?.source ?? null, component: p?.component ?? null });
    const details = typeof p?.custom_details === 'object' ? flatLabels(p.custom_details) : {};
    const labels: Record<string, string> = {
      ...details,
      ...(p?.component ? { component: p.component } : {}),
      ...(p?.group ? { group: p.group } : {}),
      ...(p?.class ? { class: p.class } : {}),
      ...(action === 'acknowledge' ? { pagerduty_action: 'acknowledge' } : {}),
    };
    // Group is "a logical grouping of components of a service", the closer match to a catalog service.
    const service = p?.group ?? p?.component ?? null;
    const eventTime = toIsoUtc(p?.timestamp);
    const receivedAt = toIsoUtc(ctx.receivedAt.getTime());
    return [
      {
        source: 'pagerduty',
        externalId: event.dedup_key ?? null,
        fingerprint,
        title: clip(p?.summary ?? `PagerDuty ${action} ${event.dedup_key ?? ''}`.trim(), 300),
        description: detailsText(p?.custom_details),
        // Acknowledge/resolve without a payload carry no severity: medium, the same default as other sources, and
        // consumers should not let it overwrite the severity of the alert being updated.
        severity: p ? mapSeverity(p.severity, SEVERITY, 'medium') : 'medium',
        status: action === 'resolve' ? 'resolved' : 'firing',
        service: service ? clip(service, 200) : null,
        asset: assetOf(p?.source),
        labels,
        links: safeLinks([
          ...(event.links ?? []).map((l) => ({ title: clip(l.text?.trim() || 'Link', 200), url: l.href })),
          ...(event.images ?? []).map((i) => ({ title: clip(i.alt?.trim() || 'Image', 200), url: i.href ?? i.src })),
          { title: clip(event.client?.trim() || 'Source', 200), url: event.client_url },
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
      },
    ];
  },
};
