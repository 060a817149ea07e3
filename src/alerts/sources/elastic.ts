import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { NormalizedAlert } from '../normalized-alert.js';

/**
 * Elastic Security detection alerts, sent by a Kibana Webhook connector attached as an action to a detection rule
 * (method POST, header `Authorization: Bearer <secret>`, hence bearer auth). Kibana has no fixed webhook body, so
 * operators paste this body template into the action; it uses only documented action variables ("Alert notification
 * placeholders" in Elastic Security's "Create a detection rule", and "Rule action variables: Rendering objects as JSON"
 * for `.asJSON`, which arrays need to render as JSON rather than comma-joined):
 *
 *   {
 *     "rule": {
 *       "id": "{{context.rule.id}}",
 *       "rule_id": "{{context.rule.rule_id}}",
 *       "name": "{{context.rule.name}}",
 *       "description": "{{context.rule.description}}",
 *       "severity": "{{context.rule.severity}}",
 *       "risk_score": {{context.rule.risk_score}},
 *       "references": {{{context.rule.references.asJSON}}},
 *       "threat": {{{context.rule.threat.asJSON}}}
 *     },
 *     "results_link": "{{context.results_link}}",
 *     "alerts": {{{context.alerts.asJSON}}}
 *   }
 *
 * Double braces inside strings (the webhook body escapes them for JSON), triple braces for raw JSON values.
 * Each `context.alerts` element is the alert document with its dotted `kibana.alert.*` keys expanded into objects
 * (Kibana's formatAlertsForNotificationActions), plus `_id`; source ECS fields (`host.name`, `source.ip`, `user.name`)
 * come along. Rule values are the rule's defaults; the per-alert `kibana.alert.severity` / `risk_score` carry overrides.
 */
const Keyword = z.union([z.string(), z.array(z.string())]);

const Threat = z.array(
  z.object({
    framework: z.string(),
    tactic: z.object({ id: z.string(), name: z.string(), reference: z.string().optional() }),
    technique: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          reference: z.string().optional(),
          subtechnique: z.array(z.object({ id: z.string(), name: z.string(), reference: z.string().optional() })).optional(),
        }),
      )
      .optional(),
  }),
);

const RuleSeverity = z.enum(['low', 'medium', 'high', 'critical']);

const ElasticAlert = z.object({
  _id: z.string().min(1).max(255),
  '@timestamp': z.string(),
  kibana: z.object({
    alert: z.object({
      uuid: z.string().optional(),
      severity: RuleSeverity.optional(),
      risk_score: z.number().optional(),
      reason: z.string().optional(),
      original_time: z.string().optional(),
      workflow_status: z.string().optional(),
      url: z.string().optional(),
      rule: z
        .object({
          name: z.string().optional(),
          uuid: z.string().optional(),
          rule_id: z.string().optional(),
          threat: Threat.optional(),
        })
        .optional(),
    }),
  }),
  host: z.object({ name: Keyword.optional(), hostname: Keyword.optional(), ip: Keyword.optional() }).optional(),
  source: z.object({ ip: Keyword.optional() }).optional(),
  destination: z.object({ ip: Keyword.optional() }).optional(),
  user: z.object({ name: Keyword.optional() }).optional(),
  service: z.object({ name: Keyword.optional() }).optional(),
  cloud: z.object({ instance: z.object({ id: Keyword.optional() }).optional() }).optional(),
  container: z.object({ id: Keyword.optional() }).optional(),
});

const ElasticPayload = z.object({
  rule: z.object({
    id: z.string(),
    rule_id: z.string(),
    name: z.string().min(1),
    description: z.string(),
    severity: RuleSeverity,
    risk_score: z.number().min(0).max(100),
    references: z.array(z.string()),
    threat: Threat,
  }),
  results_link: z.string(),
  alerts: z.array(ElasticAlert).min(1),
});
type ElasticPayload = z.infer<typeof ElasticPayload>;

/** ECS keyword fields may hold one value or several; the first names the asset. */
function first(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) || null;
}

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

/** Technique and sub-technique ids of a threat mapping (its tactics are not techniques). */
function techniqueIds(threat: z.infer<typeof Threat> | undefined): string[] {
  return (threat ?? []).flatMap((t) => (t.technique ?? []).flatMap((tech) => [tech.id, ...(tech.subtechnique ?? []).map((s) => s.id)]));
}

export const elasticSource: AlertSource<ElasticPayload> = {
  id: 'elastic',
  displayName: 'Elastic Security',
  auth: { kind: 'bearer' },
  schema: ElasticPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const { rule } = payload;
    return payload.alerts.map((alert) => {
      const a = alert.kibana.alert;
      const sourceIp = first(alert.source?.ip);
      const destinationIp = first(alert.destination?.ip);
      const hostIp = first(alert.host?.ip);
      const labels: Record<string, string> = {
        rule_id: rule.rule_id,
        rule_name: a.rule?.name || rule.name,
        risk_score: String(a.risk_score ?? rule.risk_score),
      };
      if (sourceIp) labels.source_ip = sourceIp;
      if (destinationIp) labels.destination_ip = destinationIp;
      const description = a.reason ?? rule.description;
      return {
        source: 'elastic',
        externalId: alert._id,
        // An alert document's _id (equal to kibana.alert.uuid) is stable: Kibana never re-sends the same alert as new.
        fingerprint: alert._id,
        title: clip(a.rule?.name || rule.name, 300),
        description: description ? clip(description, 10_000) : null,
        // Elastic's four levels are ours. The per-alert value reflects a severity override; the rule's is its default.
        severity: a.severity ?? rule.severity,
        // Detection rules notify on new alerts only; closing one in Kibana sends nothing.
        status: 'firing',
        service: fit(first(alert.service?.name), 200),
        asset: {
          host: fit(first(alert.host?.name) ?? first(alert.host?.hostname), 255),
          // host.ip is the alerting host itself; source.ip is usually the other side and stays a label.
          ip: hostIp && isIP(hostIp) ? hostIp : null,
          cloudResource: fit(first(alert.cloud?.instance?.id) ?? first(alert.container?.id), 2048),
          user: fit(first(alert.user?.name), 255),
        },
        labels,
        links: safeLinks([
          { title: 'Alert in Kibana', url: a.url },
          { title: 'Alerts in Kibana', url: payload.results_link },
          ...rule.references.map((url, i) => ({ title: `Reference ${i + 1}`, url })),
        ]),
        // original_time is when the source event happened; @timestamp is when the rule wrote the alert.
        startsAt: toIsoUtc(a.original_time) ?? toIsoUtc(alert['@timestamp']) ?? ctx.receivedAt.toISOString(),
        endsAt: null,
        attackTechniques: attackTechniquesIn(techniqueIds(a.rule?.threat), techniqueIds(rule.threat)),
      };
    });
  },
};
