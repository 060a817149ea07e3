import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, mapSeverity, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';

/**
 * Sentry integration platform, issue alert webhook: header `Sentry-Hook-Resource: event_alert`, sent when an alert
 * rule's action is this (internal) integration (docs.sentry.io/organization/integrations/integration-platform/webhooks/
 * and …/webhooks/issue-alerts/). `Sentry-Hook-Signature` is the hex HMAC-SHA256 of the body keyed with the
 * integration's Client Secret. Only the event fields we map are declared; the event carries much more (exception,
 * contexts, sdk…).
 *
 * Issue alerts have no "resolved" counterpart: resolution arrives as a separate `issue` resource webhook
 * (`action: resolved`), which this module does not accept.
 */
const SentryPayload = z.object({
  action: z.literal('triggered'),
  installation: z.object({ uuid: z.string() }),
  data: z.object({
    event: z.object({
      // Documented as a string; numbers are accepted so an older serializer cannot break ingestion.
      issue_id: z.union([z.string().min(1), z.number().int()]),
      event_id: z.string().optional(),
      title: z.string(),
      level: z.string().optional(),
      culprit: z.string().nullable().optional(),
      /** API URL of the event: https://sentry.io/api/0/projects/<org>/<project>/events/<id>/ */
      url: z.string().optional(),
      web_url: z.string().optional(),
      issue_url: z.string().optional(),
      /** ISO-8601; `timestamp` is the same instant in epoch seconds. */
      datetime: z.string().optional(),
      timestamp: z.number().optional(),
      environment: z.string().nullable().optional(),
      release: z.string().nullable().optional(),
      server_name: z.string().nullable().optional(),
      tags: z.array(z.tuple([z.string(), z.string()])).optional(),
    }),
    triggered_rule: z.string(),
    issue_alert: z.object({ title: z.string(), settings: z.unknown().optional() }).optional(),
  }),
  actor: z.object({ type: z.string(), id: z.union([z.string(), z.number()]), name: z.string() }).optional(),
});
type SentryPayload = z.infer<typeof SentryPayload>;

// A null prototype: mapSeverity tests keys with `in`, which would otherwise match `constructor`, `toString`…
const LEVEL: Record<string, AlertSeverity> = Object.assign(Object.create(null) as Record<string, AlertSeverity>, {
  fatal: 'critical',
  error: 'high',
  warning: 'medium',
  info: 'info',
  debug: 'info',
} as const);

/** The project slug is not a field of the event, only a segment of its API URL. */
function projectSlug(apiUrl: string | undefined): string | null {
  return /\/projects\/[^/]+\/([^/]+)\/events\//.exec(apiUrl ?? '')?.[1] ?? null;
}

/** web_url points at one event of the issue; responders want the issue page. */
function issueWebUrl(webUrl: string | undefined): string | null {
  const m = /^(https?:\/\/.+\/issues\/[^/]+\/)events\/[^/]+\/?$/.exec(webUrl ?? '');
  return m?.[1] ?? null;
}

export const sentrySource: AlertSource<SentryPayload> = {
  id: 'sentry',
  displayName: 'Sentry',
  auth: { kind: 'hmac-sha256', header: 'sentry-hook-signature', prefix: '', encoding: 'hex' },
  schema: SentryPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const { event, triggered_rule: rule } = payload.data;
    const issueId = String(event.issue_id);
    // Tags are [key, value] pairs; a Map keeps user-chosen keys like `constructor` harmless.
    const tags = new Map((event.tags ?? []).filter(([k]) => k !== '__proto__'));
    const project = projectSlug(event.url);
    const host = tags.get('server_name') ?? event.server_name ?? null;
    const service = tags.get('service') ?? project;
    const description = [event.culprit ? `Culprit: ${event.culprit}` : null, `Alert rule: ${rule}`].filter(Boolean).join('\n');
    const labels: Record<string, string> = Object.fromEntries(tags);
    if (project) labels.sentry_project = project;
    labels.sentry_rule = rule;
    if (event.environment && !tags.has('environment')) labels.environment = event.environment;
    return [
      {
        source: 'sentry',
        externalId: clip(issueId, 512),
        // One alert per Sentry issue: every event of the issue (and every rule firing on it) deduplicates to it.
        fingerprint: clip(issueId, 255),
        title: clip(event.title.trim() || `Sentry issue ${issueId}`, 300),
        description: clip(description, 10_000),
        // Unknown or missing levels are treated as `error`, the level Sentry SDKs give captured exceptions.
        severity: mapSeverity(event.level ?? tags.get('level'), LEVEL, 'high'),
        // An issue alert only ever fires; see the module comment.
        status: 'firing',
        service: service ? clip(service, 200) : null,
        asset: {
          host: host ? clip(host, 255) : null,
          ip: host && isIP(host) ? host : null,
          cloudResource: null,
          // Sentry's `user` is the end user who hit the error, not an account under attack: keep that PII out of chat.
          user: null,
        },
        labels,
        links: safeLinks([
          { title: 'Sentry issue', url: issueWebUrl(event.web_url) },
          { title: 'Sentry event', url: event.web_url },
        ]),
        startsAt: toIsoUtc(event.datetime ?? event.timestamp) ?? toIsoUtc(ctx.receivedAt.getTime()),
        endsAt: null,
        attackTechniques: attackTechniquesIn([...tags].filter(([k]) => /technique|mitre|attack/i.test(k)).map(([, v]) => v)),
      },
    ];
  },
};
