import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, flatLabels, hostOf, mapSeverity, PROMETHEUS_SEVERITY, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { NormalizedAlert } from '../normalized-alert.js';

const StringMap = z.record(z.string(), z.string());

/** One alert of an Alertmanager webhook; Grafana's webhook alerts extend it. */
export const AlertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: StringMap,
  annotations: StringMap,
  startsAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string().min(1),
});

/** Prometheus Alertmanager webhook, payload version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
const AlertmanagerPayload = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: StringMap,
  commonLabels: StringMap,
  commonAnnotations: StringMap,
  externalURL: z.string(),
  alerts: z.array(AlertmanagerAlert).min(1),
});
type AlertmanagerPayload = z.infer<typeof AlertmanagerPayload>;



export const alertmanagerSource: AlertSource<AlertmanagerPayload> = {
  id: 'alertmanager',
  displayName: 'Prometheus Alertmanager',
  auth: { kind: 'bearer' },
  schema: AlertmanagerPayload,
  normalize(payload): NormalizedAlert[] {
    return payload.alerts.map((alert) => {
      const labels = { ...payload.commonLabels, ...alert.labels };
      const annotations = { ...payload.commonAnnotations, ...alert.annotations };
      const host = hostOf(labels.instance ?? labels.host ?? labels.node);
      return {
        source: 'alertmanager',
        externalId: alert.fingerprint,
        fingerprint: alert.fingerprint,
        title: clip(annotations.summary ?? annotations.title ?? labels.alertname ?? 'Alertmanager alert', 300),
        description: annotations.description ? clip(annotations.description, 10_000) : null,
        severity: mapSeverity(labels.severity ?? labels.priority, PROMETHEUS_SEVERITY, 'medium'),
        status: alert.status,
        service: labels.service ?? labels.app ?? labels.job ?? null,
        asset: { host, ip: host && isIP(host) ? host : null, cloudResource: labels.pod ?? labels.container ?? null, user: null },
        labels: flatLabels(labels),
        links: safeLinks([
          { title: 'Source', url: alert.generatorURL },
          { title: 'Runbook', url: annotations.runbook_url ?? annotations.runbook },
          { title: 'Dashboard', url: annotations.dashboard ?? annotations.dashboard_url },
          { title: 'Alertmanager', url: payload.externalURL },
        ]),
        startsAt: toIsoUtc(alert.startsAt),
        endsAt: alert.status === 'resolved' ? toIsoUtc(alert.endsAt) : null,
        attackTechniques: attackTechniquesIn(labels.mitre_technique, labels.attack_technique, annotations.mitre_technique),
      };
    });
  },
};
