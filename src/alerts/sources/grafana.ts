import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource, NormalizeContext } from '../alert-source.js';
import {
  attackTechniquesIn,
  clip,
  flatLabels,
  hostOf,
  mapSeverity,
  PROMETHEUS_SEVERITY,
  safeLinks,
  toIsoUtc,
} from '../alert-mapping-helpers.js';
import { alertmanagerFingerprint } from '../alertmanager-fingerprint.js';
import { AlertmanagerAlert, Status } from './alertmanager.js';
import { isTestAlertLabels } from '../is-test-alert-labels.js';
import {
  firstText,
  lenient,
  lenientList,
  numberOf,
  optionalCount,
  optionalNumber,
  optionalText,
  textMap,
} from '../lenient-fields.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import type { NormalizedAlert } from '../normalized-alert.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/** Query results by refId (`{"B": 44.2, "C": 1}`); a value may be null or, through proxies, a string. */
const Values = lenient((value): Record<string, number | null> | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(value)) if (k !== '__proto__') out[k] = numberOf(v) ?? null;
  return out;
});

/** One alert of a unified-alerting webhook: Alertmanager's alert plus Grafana's links and values. */
const GrafanaAlert = AlertmanagerAlert.extend({
  silenceURL: optionalText,
  dashboardURL: optionalText,
  panelURL: optionalText,
  imageURL: optionalText,
  values: Values,
  // Grafana before 9.x sent `valueString` instead of `values`.
  valueString: optionalText,
});
type GrafanaAlert = z.infer<typeof GrafanaAlert>;

/** A legacy (pre-8, dashboard) alert's matched series: `{"value": 100, "metric": "High value", "tags": null}`. */
const EvalMatch = z.object({ value: optionalNumber, metric: optionalText, tags: textMap });

/**
 * Grafana's webhook contact point, both generations, read leniently (Grafana does not retry a 4xx either):
 * - unified alerting (8+), payload version "1"
 *   (grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/):
 *   Alertmanager's webhook body plus orgId, per-alert silence/dashboard/panel/image URLs and values, and the
 *   deprecated group-level title/state/message, which summarise the whole group and are not used for it;
 * - legacy dashboard alerting (up to 10.x, grafana.com/docs/grafana/v7.5/alerting/notifications/#webhook): one rule
 *   per body, `ruleId`, `ruleName`, `state` (alerting, ok, no_data, paused, pending), `evalMatches`, `ruleUrl`, `tags`.
 */
const GrafanaPayload = z.object({
  receiver: optionalText,
  status: Status,
  orgId: optionalText,
  alerts: lenientList(GrafanaAlert),
  groupLabels: textMap,
  commonLabels: textMap,
  commonAnnotations: textMap,
  externalURL: optionalText,
  version: optionalText,
  groupKey: optionalText,
  truncatedAlerts: optionalCount,
  title: optionalText,
  state: optionalText,
  message: optionalText,
  // Legacy alerting only.
  ruleId: optionalText,
  ruleName: optionalText,
  ruleUrl: optionalText,
  imageUrl: optionalText,
  dashboardId: optionalText,
  panelId: optionalText,
  evalMatches: lenientList(EvalMatch),
  tags: textMap,
});
type GrafanaPayload = z.infer<typeof GrafanaPayload>;

export const GRAFANA_LOOKED_FOR = [
  'alerts[].annotations.summary',
  'alerts[].labels.alertname',
  'alerts[].labels.rulename',
  'alerts[].labels',
  'alerts[].fingerprint',
  'ruleName (legacy alerting)',
  'title (legacy alerting)',
  'ruleId (legacy alerting)',
];

/** Grafana's own no-data / error alerts are all named DatasourceNoData/DatasourceError; the rule name says which. */
function titleOf(labels: Record<string, string>, annotations: Record<string, string>): string | undefined {
  const { alertname, rulename } = labels;
  if (
    rulename &&
    (alertname === 'DatasourceNoData' || alertname === 'DatasourceError') &&
    !annotations.summary &&
    !annotations.title
  )
    return `${rulename} (${alertname})`;
  return firstText(annotations.summary, annotations.title, alertname, rulename);
}

/** The query values that crossed the threshold help a responder more than the rule text does. */
function valuesLine(alert: GrafanaAlert): string | null {
  const entries = Object.entries(alert.values ?? {});
  if (entries.length > 0) return `Values: ${entries.map(([k, v]) => `${k}=${v ?? 'null'}`).join(', ')}`;
  return alert.valueString ? `Values: ${alert.valueString}` : null;
}

function unifiedAlert(payload: GrafanaPayload, alert: GrafanaAlert, ctx: NormalizeContext): NormalizedAlert | null {
  // Labels starting with `__` are Grafana internals (e.g. `__alert_rule_uid__`), not routing data.
  const allLabels = { ...payload.commonLabels, ...alert.labels };
  const labels = Object.fromEntries(Object.entries(allLabels).filter(([k]) => !k.startsWith('__')));
  const annotations = { ...payload.commonAnnotations, ...alert.annotations };
  const title = titleOf(labels, annotations);
  if (!title && Object.keys(allLabels).length === 0 && !alert.fingerprint) return null;
  const fingerprint = alert.fingerprint
    ? alert.fingerprint.length <= 255
      ? alert.fingerprint
      : stableFingerprint('grafana', { fingerprint: alert.fingerprint })
    : alertmanagerFingerprint(allLabels);
  const host = hostOf(labels.instance ?? labels.host ?? labels.hostname ?? labels.node);
  const description = [annotations.description, valuesLine(alert)].filter((s): s is string => Boolean(s)).join('\n\n');
  const status = alert.status ?? payload.status ?? 'firing';
  const resolved = status === 'resolved';
  const service = labels.service ?? labels.app ?? labels.job ?? null;
  return {
    source: 'grafana',
    externalId: clip(fingerprint, 512),
    fingerprint,
    title: clip(title ?? `Grafana alert ${fingerprint}`, 300),
    description: description ? clip(description, 10_000) : null,
    severity: mapSeverity(labels.severity ?? labels.priority, PROMETHEUS_SEVERITY, 'medium'),
    status,
    service: service ? clip(service, 200) : null,
    asset: {
      host,
      ip: host && isIP(host) ? host : null,
      cloudResource: labels.pod ?? labels.container ?? null,
      user: null,
    },
    labels: flatLabels(labels),
    links: safeLinks([
      { title: 'Source', url: alert.generatorURL },
      { title: 'Runbook', url: annotations.runbook_url ?? annotations.runbook },
      { title: 'Dashboard', url: alert.dashboardURL },
      { title: 'Panel', url: alert.panelURL },
      { title: 'Image', url: alert.imageURL },
      { title: 'Silence', url: alert.silenceURL },
      { title: 'Grafana', url: payload.externalURL },
    ]),
    // Grafana always sends startsAt; the receipt time only covers an unparseable one on a firing alert.
    startsAt: toIsoUtc(alert.startsAt) ?? (resolved ? null : toIsoUtc(ctx.receivedAt.getTime())),
    endsAt: resolved ? toIsoUtc(alert.endsAt) : null,
    attackTechniques: attackTechniquesIn(labels.mitre_technique, labels.attack_technique, annotations.mitre_technique),
    ...(isTestAlertLabels(labels) ? { test: true } : {}),
  };
}

/** `[Alerting] CPU high` → `CPU high`: the state prefix Grafana puts on legacy titles is carried by status. */
function bareLegacyTitle(title: string | undefined): string | undefined {
  const stripped = title?.replace(/^\[(?:Alerting|OK|No Data|Pending|Paused|Unknown)\]\s*/i, '').trim();
  return stripped || title;
}

function legacyAlert(payload: GrafanaPayload, ctx: NormalizeContext): NormalizedAlert | null {
  const title = firstText(payload.ruleName, bareLegacyTitle(payload.title));
  if (!title && payload.ruleId === undefined) return null;
  const state = payload.state?.toLowerCase();
  const resolved = state === 'ok';
  const receivedAt = toIsoUtc(ctx.receivedAt.getTime());
  const tags = payload.tags;
  const matches = payload.evalMatches.map((m) => `${m.metric ?? 'value'}=${m.value ?? 'null'}`);
  const description = [payload.message, matches.length > 0 ? `Values: ${matches.join(', ')}` : null]
    .filter(Boolean)
    .join('\n\n');
  const host = hostOf(tags.instance ?? tags.host ?? tags.hostname);
  const service = tags.service ?? tags.app ?? null;
  // Grafana's "Test" button on a legacy notification channel sends rule id 0 named "Test notification".
  const test = (payload.ruleId === undefined || payload.ruleId === '0') && /^test notification$/i.test(title ?? '');
  return {
    source: 'grafana',
    externalId: payload.ruleId ? clip(`rule-${payload.ruleId}`, 512) : null,
    // One legacy rule is one alert: its org and id (the name can be edited), else its name.
    fingerprint: stableFingerprint(
      'grafana-legacy',
      payload.ruleId ? { orgId: payload.orgId ?? null, ruleId: payload.ruleId } : { ruleName: title ?? null },
    ),
    title: clip(title ?? `Grafana legacy alert rule ${payload.ruleId}`, 300),
    description: description ? clip(description, 10_000) : null,
    severity: state === 'no_data' ? 'low' : mapSeverity(tags.severity ?? tags.priority, PROMETHEUS_SEVERITY, 'medium'),
    status: resolved ? 'resolved' : 'firing',
    service: service ? clip(service, 200) : null,
    asset: { host, ip: host && isIP(host) ? host : null, cloudResource: null, user: null },
    labels: {
      ...flatLabels(tags),
      ...(payload.ruleId ? { grafana_rule_id: payload.ruleId } : {}),
      ...(state ? { grafana_state: state } : {}),
      ...(payload.dashboardId ? { grafana_dashboard_id: payload.dashboardId } : {}),
      ...(payload.panelId ? { grafana_panel_id: payload.panelId } : {}),
    },
    links: safeLinks([
      { title: 'Grafana rule', url: payload.ruleUrl },
      { title: 'Image', url: payload.imageUrl },
    ]),
    // Legacy bodies carry no times: the notification is the state change, so its receipt is the start or the end.
    startsAt: resolved ? null : receivedAt,
    endsAt: resolved ? receivedAt : null,
    attackTechniques: attackTechniquesIn(tags.mitre_technique, tags.attack_technique),
    ...(test ? { test: true } : {}),
  };
}

export const grafanaSource: AlertSource<GrafanaPayload> = {
  id: 'grafana',
  displayName: 'Grafana Alerting',
  auth: { kind: 'bearer' },
  schema: GrafanaPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const unified = payload.alerts
      .map((a) => unifiedAlert(payload, a, ctx))
      .filter((a): a is NormalizedAlert => a !== null);
    if (unified.length > 0) return unified;
    // A legacy body has no alerts array; a unified one whose alerts say nothing must not pass as legacy either.
    const legacy = payload.alerts.length === 0 ? legacyAlert(payload, ctx) : null;
    if (legacy) return [legacy];
    throw new NoAlertTitleError('Grafana', GRAFANA_LOOKED_FOR);
  },
};
