import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, mapSeverity, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import {
  firstText,
  lenient,
  optionalObject,
  optionalText,
  optionalTime,
  textList,
  textMap,
  textOf,
} from '../lenient-fields.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';
import { stableFingerprint } from '../stable-fingerprint.js';

const Tags = lenient((value): Array<[string, string]> => {
  // [["level", "error"], …] as Sentry sends them; also {"level": "error"} from proxies and older serializers.
  if (Array.isArray(value)) {
    return value.flatMap((pair): Array<[string, string]> => {
      if (!Array.isArray(pair)) return [];
      const [k, v] = [textOf(pair[0]), textOf(pair[1])];
      return k && v !== undefined ? [[k, v]] : [];
    });
  }
  return Object.entries(textMap.parse(value));
});

/** The event as both shapes carry it (integration platform `data.event`, legacy plugin `event`). */
const SentryEvent = optionalObject({
  // Documented as a string; numbers are accepted so an older serializer cannot break ingestion.
  issue_id: optionalText,
  event_id: optionalText,
  id: optionalText,
  title: optionalText,
  message: optionalText,
  level: optionalText,
  culprit: optionalText,
  /** API URL of the event: https://sentry.io/api/0/projects/<org>/<project>/events/<id>/ */
  url: optionalText,
  web_url: optionalText,
  issue_url: optionalText,
  /** ISO-8601; `timestamp` is the same instant in epoch seconds. */
  datetime: optionalTime,
  timestamp: optionalTime,
  environment: optionalText,
  release: optionalText,
  server_name: optionalText,
  tags: Tags,
});

/**
 * Sentry, in the two shapes it sends alerts in, read leniently (Sentry does not retry a 4xx):
 * - integration platform issue alert (`Sentry-Hook-Resource: event_alert`, sent when an alert rule's action is this
 *   internal integration; docs.sentry.io/organization/integrations/integration-platform/webhooks/issue-alerts/):
 *   `{action: "triggered", installation, data: {event, triggered_rule, issue_alert}, actor}`.
 *   `Sentry-Hook-Signature` is the hex HMAC-SHA256 of the body keyed with the integration's Client Secret.
 * - integration platform metric alert (`Sentry-Hook-Resource: metric_alert`; docs.sentry.io/organization/integrations/
 *   integration-platform/webhooks/metric-alerts/): `{action: "critical"|"warning"|"resolved", data: {metric_alert:
 *   {id, identifier, title, date_started, date_closed, projects, alert_rule: {id, name, …}}, description_title,
 *   description_text, web_url}}`. One alert per metric alert incident: critical, warning and resolved update it.
 * - the legacy WebHooks plugin (getsentry/sentry src/sentry/plugins/sentry_webhooks): `{id, project, project_name,
 *   project_slug, logger, level, culprit, message, url, triggering_rules, event}`. That plugin cannot sign its
 *   requests, so it reaches warroom only through the sandbox or a signing proxy; its shape is still understood.
 *
 * Issue alerts have no "resolved" counterpart: resolution arrives as an `issue` resource webhook (`action: resolved`),
 * sent when the integration subscribes to issues; it resolves the alert of the same issue id.
 */
const SentryPayload = z.object({
  action: optionalText,
  installation: optionalObject({ uuid: optionalText }),
  data: optionalObject({
    event: SentryEvent,
    triggered_rule: optionalText,
    issue_alert: optionalObject({ title: optionalText }),
    // `Sentry-Hook-Resource: metric_alert`: the metric alert's incident; `action` is critical, warning or resolved.
    metric_alert: optionalObject({
      id: optionalText,
      identifier: optionalText,
      title: optionalText,
      date_started: optionalTime,
      date_detected: optionalTime,
      date_closed: optionalTime,
      projects: textList,
      alert_rule: optionalObject({
        id: optionalText,
        name: optionalText,
        environment: optionalText,
        projects: textList,
      }),
    }),
    description_title: optionalText,
    description_text: optionalText,
    web_url: optionalText,
    // `Sentry-Hook-Resource: issue` (created, resolved, assigned, ignored, unresolved), when the integration subscribes.
    issue: optionalObject({
      id: optionalText,
      title: optionalText,
      culprit: optionalText,
      level: optionalText,
      permalink: optionalText,
      web_url: optionalText,
      project: optionalObject({ slug: optionalText }),
    }),
  }),
  actor: optionalObject({ type: optionalText, id: optionalText, name: optionalText }),
  // Legacy WebHooks plugin.
  id: optionalText,
  project: optionalText,
  project_name: optionalText,
  project_slug: optionalText,
  logger: optionalText,
  level: optionalText,
  culprit: optionalText,
  message: optionalText,
  url: optionalText,
  triggering_rules: textList,
  event: SentryEvent,
});
type SentryPayload = z.infer<typeof SentryPayload>;

export const SENTRY_LOOKED_FOR = [
  'data.event.title',
  'data.event.issue_id',
  'data.issue_alert.title',
  'data.issue.title',
  'data.issue.id',
  'data.metric_alert.alert_rule.name',
  'data.description_title',
  'data.metric_alert.id',
  'message (legacy plugin)',
  'event.title (legacy plugin)',
  'id (legacy plugin: the issue id)',
];

// A null prototype: mapSeverity tests keys with `in`, which would otherwise match `constructor`, `toString`…
const LEVEL: Record<string, AlertSeverity> = Object.assign(
  Object.create(null) as Record<string, AlertSeverity>,
  {
    fatal: 'critical',
    error: 'high',
    warning: 'medium',
    info: 'info',
    debug: 'info',
  } as const,
);

/** The project slug is not a field of the event, only a segment of its API URL. */
function projectSlug(apiUrl: string | undefined): string | null {
  return /\/projects\/[^/]+\/([^/]+)\/events\//.exec(apiUrl ?? '')?.[1] ?? null;
}

/** web_url points at one event of the issue; responders want the issue page. */
function issueWebUrl(webUrl: string | undefined): string | null {
  const m = /^(https?:\/\/.+\/issues\/[^/]+\/)events\/[^/]+\/?$/.exec(webUrl ?? '');
  return m?.[1] ?? null;
}

const METRIC_ACTION: Record<string, AlertSeverity> = Object.assign(
  Object.create(null) as Record<string, AlertSeverity>,
  {
    critical: 'critical',
    warning: 'medium',
  } as const,
);

/** A metric alert names a rule and an incident of that rule, never an issue or an event. */
function normalizeMetricAlert(payload: SentryPayload, ctx: { receivedAt: Date }): NormalizedAlert[] {
  const data = payload.data;
  const incident = data?.metric_alert;
  const rule = incident?.alert_rule;
  // description_title is "Critical: <rule name>"; the rule name alone stays the same across critical → resolved.
  const describedTitle = data?.description_title?.replace(/^(critical|warning|resolved):\s*/i, '');
  const title = firstText(rule?.name, describedTitle, incident?.title);
  const incidentId = firstText(
    incident?.id,
    incident?.identifier ? `${rule?.id ?? ''}#${incident.identifier}` : undefined,
  );
  if (!title && !incidentId) throw new NoAlertTitleError('Sentry', SENTRY_LOOKED_FOR);
  const resolved = payload.action?.toLowerCase() === 'resolved';
  const project = incident?.projects[0] ?? rule?.projects[0] ?? null;
  const labels: Record<string, string> = { sentry_alert: 'metric' };
  if (project) labels.sentry_project = project;
  if (rule?.name) labels.sentry_rule = rule.name;
  if (rule?.environment) labels.environment = rule.environment;
  return [
    {
      source: 'sentry',
      externalId: incidentId ? clip(`metric_alert:${incidentId}`, 512) : null,
      // The incident id: critical, warning and resolved of one incident are one alert; the next incident is new.
      fingerprint: incidentId
        ? clip(`metric_alert:${incidentId}`, 255)
        : stableFingerprint('sentry', { metricRule: rule?.id ?? null, title: title ?? null }),
      title: clip(title ?? `Sentry metric alert ${incidentId}`, 300),
      description: data?.description_text ? clip(data.description_text, 10_000) : null,
      severity: mapSeverity(payload.action, METRIC_ACTION, 'medium'),
      status: resolved ? 'resolved' : 'firing',
      service: project ? clip(project, 200) : null,
      asset: { host: null, ip: null, cloudResource: null, user: null },
      labels,
      links: safeLinks([{ title: 'Sentry metric alert', url: data?.web_url }]),
      startsAt: toIsoUtc(incident?.date_started ?? incident?.date_detected) ?? toIsoUtc(ctx.receivedAt.getTime()),
      endsAt: resolved ? (toIsoUtc(incident?.date_closed) ?? toIsoUtc(ctx.receivedAt.getTime())) : null,
      attackTechniques: [],
    },
  ];
}

export const sentrySource: AlertSource<SentryPayload> = {
  id: 'sentry',
  displayName: 'Sentry',
  auth: { kind: 'hmac-sha256', header: 'sentry-hook-signature', prefix: '', encoding: 'hex' },
  schema: SentryPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    if (payload.data?.metric_alert) return normalizeMetricAlert(payload, ctx);
    const legacy = payload.data === undefined;
    const event = payload.data?.event ?? payload.event;
    const issue = payload.data?.issue;
    const issueId = firstText(event?.issue_id, issue?.id, legacy ? payload.id : undefined);
    const title = firstText(
      event?.title,
      issue?.title,
      legacy ? payload.message : undefined,
      event?.message,
      payload.data?.issue_alert?.title,
    );
    if (!issueId && !title) throw new NoAlertTitleError('Sentry', SENTRY_LOOKED_FOR);
    const rule =
      payload.data?.triggered_rule ?? payload.data?.issue_alert?.title ?? payload.triggering_rules.join(', ') ?? '';
    // Tags are [key, value] pairs; a Map keeps user-chosen keys like `constructor` harmless.
    const tags = new Map((event?.tags ?? []).filter(([k]) => k !== '__proto__'));
    const project = payload.project_slug ?? payload.project ?? issue?.project?.slug ?? projectSlug(event?.url);
    const host = tags.get('server_name') ?? event?.server_name ?? null;
    const service = tags.get('service') ?? project;
    const culprit = event?.culprit ?? issue?.culprit ?? payload.culprit;
    const resolved = !event && issue !== undefined && payload.action?.toLowerCase() === 'resolved';
    const description = [culprit ? `Culprit: ${culprit}` : null, rule ? `Alert rule: ${rule}` : null]
      .filter(Boolean)
      .join('\n');
    const labels: Record<string, string> = Object.fromEntries(tags);
    if (project) labels.sentry_project = project;
    if (rule) labels.sentry_rule = rule;
    if (event?.environment && !tags.has('environment')) labels.environment = event.environment;
    // The rule editor's "Send Test Notification" fires a rule named "Test Alert" on a sample event.
    const test = /^test alert$/i.test(rule) || tags.get('sample_event') === 'yes';
    // One alert per Sentry issue: every event of the issue (and every rule firing on it) deduplicates to it.
    const fingerprint = issueId
      ? clip(issueId, 255)
      : stableFingerprint('sentry', { project: project ?? null, title: title ?? null, culprit: culprit ?? null });
    return [
      {
        source: 'sentry',
        externalId: issueId ? clip(issueId, 512) : null,
        fingerprint,
        title: clip(title ?? `Sentry issue ${issueId}`, 300),
        description: description ? clip(description, 10_000) : null,
        // Unknown or missing levels are treated as `error`, the level Sentry SDKs give captured exceptions.
        severity: mapSeverity(event?.level ?? issue?.level ?? payload.level ?? tags.get('level'), LEVEL, 'high'),
        // An issue alert only ever fires; an issue webhook says when the issue is resolved.
        status: resolved ? 'resolved' : 'firing',
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
          {
            title: 'Sentry issue',
            url:
              issueWebUrl(event?.web_url) ?? issue?.permalink ?? issue?.web_url ?? (legacy ? payload.url : undefined),
          },
          { title: 'Sentry event', url: event?.web_url },
        ]),
        startsAt: resolved
          ? null
          : (toIsoUtc(event?.datetime ?? event?.timestamp) ?? toIsoUtc(ctx.receivedAt.getTime())),
        endsAt: resolved ? toIsoUtc(ctx.receivedAt.getTime()) : null,
        attackTechniques: attackTechniquesIn(
          [...tags].filter(([k]) => /technique|mitre|attack/i.test(k)).map(([, v]) => v),
        ),
        ...(test ? { test: true } : {}),
      },
    ];
  },
};
