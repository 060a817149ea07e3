import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import {
  attackTechniquesIn,
  clip,
  mapSeverity,
  safeLinks,
  severityFromScore,
  toIsoUtc,
} from '../alert-mapping-helpers.js';
import { numberOf, optionalObject, optionalText, textList, textOf } from '../lenient-fields.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { stableFingerprint } from '../stable-fingerprint.js';

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
 *
 * Older stacks (7.x detection engine, "signals") render the same template with signal documents: `signal.rule.*`,
 * `signal.original_time`, `signal.parent`/`ancestors`, `signal.reason`, and no `_id`. Alert documents may also keep
 * their dotted keys flat (`"kibana.alert.rule.name": …`); both forms are read. Everything is optional: a template
 * without `.asJSON` (alerts rendered as text) or without alerts at all still gives one alert for the rule.
 */

const ElasticPayload = z.object({
  rule: optionalObject({
    id: optionalText,
    rule_id: optionalText,
    name: optionalText,
    description: optionalText,
    severity: optionalText,
    // `{{context.rule.risk_score}}` unquoted is a number, quoted a string.
    risk_score: optionalText,
    // `.asJSON` gives an array; without it Kibana joins the values with commas.
    references: textList,
    threat: z.unknown().optional(),
  }),
  results_link: optionalText,
  // Alert (or signal) documents; anything that is not an array of objects reads as none.
  alerts: z.unknown().optional(),
});
type ElasticPayload = z.infer<typeof ElasticPayload>;

const LOOKED_FOR = ['rule.name', 'alerts[].kibana.alert.rule.name', 'alerts[].signal.rule.name', 'alerts[]._id'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The value at a dotted ECS path in an alert document, whether its keys are nested objects (`kibana: {alert: …}`),
 * flat dotted keys (`"kibana.alert.rule.name"`) or a mix of both. Own properties only.
 */
function pick(doc: unknown, path: string): unknown {
  if (!isRecord(doc)) return undefined;
  if (Object.hasOwn(doc, path)) return doc[path];
  for (let i = path.indexOf('.'); i !== -1; i = path.indexOf('.', i + 1)) {
    const head = path.slice(0, i);
    if (!Object.hasOwn(doc, head)) continue;
    const v = pick(doc[head], path.slice(i + 1));
    if (v !== undefined) return v;
  }
  return undefined;
}

/** ECS keyword fields may hold one value or several; the first names the asset. */
function first(value: unknown): string | undefined {
  return textOf(Array.isArray(value) ? value[0] : value);
}

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

/** Technique and sub-technique ids of a threat mapping (its tactics are not techniques), read leniently. */
function techniqueIds(threat: unknown): string[] {
  if (!Array.isArray(threat)) return [];
  const ids = (list: unknown): string[] =>
    Array.isArray(list)
      ? list
          .flatMap((t) => (isRecord(t) ? [textOf(t.id), ...ids(t.subtechnique)] : []))
          .filter((id): id is string => id !== undefined)
      : [];
  return threat.flatMap((t) => (isRecord(t) ? ids(t.technique) : []));
}

/** Elastic's default risk-score bands for rule severity: low 0–21, medium 22–47, high 48–73, critical 74–100. */
const RISK: Array<[number, AlertSeverity]> = [
  [74, 'critical'],
  [48, 'high'],
  [22, 'medium'],
  [0, 'low'],
];

function severityOf(word: string | undefined, risk: number | undefined): AlertSeverity {
  if (word !== undefined) {
    const mapped = mapSeverity(word, {}, 'medium');
    if (mapped !== 'medium' || word.toLowerCase() === 'medium') return mapped;
  }
  // No known word: the risk score says as much; nothing at all is not assumed harmless.
  return risk === undefined ? 'medium' : severityFromScore(risk, RISK);
}

export const elasticSource: AlertSource<ElasticPayload> = {
  id: 'elastic',
  displayName: 'Elastic Security',
  auth: { kind: 'bearer' },
  // One rule run posts every alert it made (up to the rule's max_signals, 100 by default), each a whole alert document
  // that repeats the rule's parameters and investigation guide: 10–20 KB apiece, well past 1 MiB. Kibana does not
  // retry a 413, so a smaller limit would lose exactly the big detections.
  maxBodyBytes: 16 * 1024 * 1024,
  schema: ElasticPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const rule = payload.rule;
    const docs: Array<Record<string, unknown> | null> = Array.isArray(payload.alerts)
      ? payload.alerts.filter(isRecord)
      : [];
    // A run notified without alert documents (no `.asJSON`, a summary action) still says which rule fired.
    if (docs.length === 0) docs.push(null);
    const alerts = docs.flatMap((doc): NormalizedAlert[] => {
      const text = (...paths: string[]): string | undefined =>
        paths.map((p) => textOf(pick(doc, p))).find((v) => v !== undefined);
      const id = text('_id', 'kibana.alert.uuid');
      const name =
        text('kibana.alert.rule.name', 'signal.rule.name') ?? rule?.name ?? (id ? `Elastic alert ${id}` : undefined);
      if (!name) return [];
      const ruleId = rule?.rule_id ?? text('kibana.alert.rule.rule_id', 'signal.rule.rule_id');
      const risk = numberOf(text('kibana.alert.risk_score', 'signal.rule.risk_score')) ?? numberOf(rule?.risk_score);
      const sourceIp = first(pick(doc, 'source.ip'));
      const destinationIp = first(pick(doc, 'destination.ip'));
      const hostIp = first(pick(doc, 'host.ip'));
      const labels: Record<string, string> = {};
      if (ruleId) labels.rule_id = ruleId;
      labels.rule_name = name;
      if (risk !== undefined) labels.risk_score = String(risk);
      if (sourceIp) labels.source_ip = sourceIp;
      if (destinationIp) labels.destination_ip = destinationIp;
      const description = text('kibana.alert.reason', 'signal.reason') ?? rule?.description;
      // Legacy signals have no _id: the rule and the source event(s) they were made from identify them.
      const parents = [
        pick(doc, 'signal.parent.id'),
        ...(Array.isArray(pick(doc, 'signal.ancestors'))
          ? (pick(doc, 'signal.ancestors') as unknown[]).map((a) => pick(a, 'id'))
          : []),
      ]
        .map(textOf)
        .filter((p): p is string => p !== undefined);
      const originalTime = text('kibana.alert.original_time', 'signal.original_time');
      return [
        {
          source: 'elastic',
          externalId: fit(id, 512),
          // An alert document's _id (equal to kibana.alert.uuid) is stable: Kibana never re-sends the same alert as new.
          fingerprint:
            fit(id, 255) ??
            stableFingerprint('elastic', {
              rule: rule?.id ?? ruleId ?? name,
              parents: parents.length ? [...new Set(parents)].sort().join(',') : null,
              originalTime: originalTime ?? null,
            }),
          title: clip(name, 300),
          description: fit(description, 10_000),
          // Elastic's four levels are ours. The per-alert value reflects a severity override; the rule's is its default.
          severity: severityOf(text('kibana.alert.severity', 'signal.rule.severity') ?? rule?.severity, risk),
          // Detection rules notify on new alerts only; closing one in Kibana sends nothing.
          status: 'firing',
          service: fit(first(pick(doc, 'service.name')), 200),
          asset: {
            host: fit(first(pick(doc, 'host.name')) ?? first(pick(doc, 'host.hostname')), 255),
            // host.ip is the alerting host itself; source.ip is usually the other side and stays a label.
            ip: hostIp && isIP(hostIp) ? hostIp : null,
            cloudResource: fit(first(pick(doc, 'cloud.instance.id')) ?? first(pick(doc, 'container.id')), 2048),
            user: fit(first(pick(doc, 'user.name')), 255),
          },
          labels,
          links: safeLinks([
            { title: 'Alert in Kibana', url: text('kibana.alert.url') },
            { title: 'Alerts in Kibana', url: payload.results_link },
            ...(rule?.references ?? []).map((url, i) => ({ title: `Reference ${i + 1}`, url })),
          ]),
          // original_time is when the source event happened; @timestamp is when the rule wrote the alert.
          startsAt: toIsoUtc(originalTime) ?? toIsoUtc(text('@timestamp')) ?? ctx.receivedAt.toISOString(),
          endsAt: null,
          attackTechniques: attackTechniquesIn(
            techniqueIds(pick(doc, 'kibana.alert.rule.threat') ?? pick(doc, 'signal.rule.threat')),
            techniqueIds(rule?.threat),
          ),
        },
      ];
    });
    if (alerts.length === 0) throw new NoAlertTitleError('Elastic Security', LOOKED_FOR);
    return alerts;
  },
};
