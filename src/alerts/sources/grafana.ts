import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, flatLabels, hostOf, mapSeverity, PROMETHEUS_SEVERITY, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { NormalizedAlert } from '../normalized-alert.js';
import { AlertmanagerAlert } from './alertmanager.js';

const StringMap = z.record(z.string(), z.string());

/**
 * Grafana unified alerting, webhook contact point, payload version "1"
 * (grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/).
 * It is Alertmanager's webhook body plus Grafana fields (orgId, silence/dashboard/panel/image URLs, values) and the
 * deprecated group-level title/state/message, which we accept but do not use: they summarise the whole group.
 */
const GrafanaPayload = z.object({
  receiver: z.string(),
  status: z.enum(['firing', 'resolved']),
  orgId: z.number().int(),
  alerts: z
    .array(
      AlertmanagerAlert.extend({
        fingerprint: z.string().min(1).max(255),
        silenceURL: z.string().optional(),
        dashboardURL: z.string().optional(),
        panelURL: z.string().optional(),
        imageURL: z.string().optional(),
        // Query results by refId (`{"B": 44.2, "C": 1}`); Grafana before 9.x sent `valueString` instead.
        values: z.record(z.string(), z.number().nullable()).nullable().optional(),
        valueString: z.string().optional(),
      }),
    )
    .min(1),
  groupLabels: StringMap,
  commonLabels: StringMap,
  commonAnnotations: StringMap,
  externalURL: z.string(),
  version: z.literal('1'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
});
type GrafanaPayload = z.infer<typeof GrafanaPayload>;
type GrafanaAlert = GrafanaPayload['alerts'][number];

/** Same vocabulary as Alertmanager: Grafana rules carry whatever `severity` label their authors chose. */


/** Grafana's own no-data / error alerts are all named DatasourceNoData/DatasourceError; the rule name says which. */
function titleOf(labels: Record<string, string>, annotations: Record<string, string>): string {
  const { alertname, rulename } = labels;
  if (annotations.summary) return annotations.summary;
  if (annotations.title) return annotations.title;
  if (rulename && (alertname === 'DatasourceNoData' || alertname === 'DatasourceError')) return `${rulename} (${alertname})`;
  return alertname ?? rulename ?? 'Grafana alert';
}

/** The query values that crossed the threshold help a responder more than the rule text does. */
function valuesLine(alert: GrafanaAlert): string | null {
  const entries = Object.entries(alert.values ?? {});
  if (entries.length > 0) return `Values: ${entries.map(([k, v]) => `${k}=${v ?? 'null'}`).join(', ')}`;
  return alert.valueString ? `Values: ${alert.valueString}` : null;
}

export const grafanaSource: AlertSource<GrafanaPayload> = {
  id: 'grafana',
  displayName: 'Grafana Alerting',
  auth: { kind: 'bearer' },
  schema: GrafanaPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    return payload.alerts.map((alert) => {
      // Labels starting with `__` are Grafana internals (e.g. `__alert_rule_uid__`), not routing data.
      const labels = Object.fromEntries(Object.entries({ ...payload.commonLabels, ...alert.labels }).filter(([k]) => !k.startsWith('__')));
      const annotations = { ...payload.commonAnnotations, ...alert.annotations };
      const host = hostOf(labels.instance ?? labels.host ?? labels.hostname ?? labels.node);
      const description = [annotations.description, valuesLine(alert)].filter((s): s is string => Boolean(s)).join('\n\n');
      const resolved = alert.status === 'resolved';
      const service = labels.service ?? labels.app ?? labels.job ?? null;
      return {
        source: 'grafana',
        externalId: alert.fingerprint,
        fingerprint: alert.fingerprint,
        title: clip(titleOf(labels, annotations), 300),
        description: description ? clip(description, 10_000) : null,
        severity: mapSeverity(labels.severity ?? labels.priority, PROMETHEUS_SEVERITY, 'medium'),
        status: alert.status,
        service: service ? clip(service, 200) : null,
        asset: { host, ip: host && isIP(host) ? host : null, cloudResource: labels.pod ?? labels.container ?? null, user: null },
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
      };
    });
  },
};
