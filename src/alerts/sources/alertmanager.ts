import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
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
import { isTestAlertLabels } from '../is-test-alert-labels.js';
import {
  firstText,
  lenientList,
  optionalCount,
  optionalText,
  optionalTime,
  optionalWord,
  textMap,
} from '../lenient-fields.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import type { NormalizedAlert } from '../normalized-alert.js';
import { stableFingerprint } from '../stable-fingerprint.js';

export const Status = optionalWord(['firing', 'resolved']);

/**
 * One alert of an Alertmanager webhook. Alertmanager 0.20+ sends every field; older versions and proxies send only
 * labels, annotations, startsAt and endsAt (no per-alert status, fingerprint or generatorURL), so all are optional.
 */
export const AlertmanagerAlert = z.object({
  status: Status,
  labels: textMap,
  annotations: textMap,
  startsAt: optionalTime,
  endsAt: optionalTime,
  generatorURL: optionalText,
  fingerprint: optionalText,
});
type AlertmanagerAlert = z.infer<typeof AlertmanagerAlert>;

/**
 * Prometheus Alertmanager webhook, payload version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * Alertmanager never retries a 4xx, so nothing but a body without any alert that says what is wrong is refused:
 * version, groupKey, receiver, externalURL and the common maps may be missing, truncatedAlerts may be a string.
 */
const AlertmanagerPayload = z.object({
  version: optionalText,
  groupKey: optionalText,
  truncatedAlerts: optionalCount,
  status: Status,
  receiver: optionalText,
  groupLabels: textMap,
  commonLabels: textMap,
  commonAnnotations: textMap,
  externalURL: optionalText,
  alerts: lenientList(AlertmanagerAlert),
});
type AlertmanagerPayload = z.infer<typeof AlertmanagerPayload>;

/** Where a title or identity is looked for, in order; the 422 names them. */
export const ALERTMANAGER_LOOKED_FOR = [
  'alerts[].annotations.summary',
  'alerts[].annotations.title',
  'alerts[].labels.alertname',
  'alerts[].labels',
  'alerts[].fingerprint',
  'commonAnnotations.summary',
  'commonLabels',
];

/** `alertname="X", job="y"` for an alert whose labels are its only description. */
function labelsLine(labels: Record<string, string>): string {
  return Object.entries(labels)
    .slice(0, 6)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
}

function normalizeOne(payload: AlertmanagerPayload, alert: AlertmanagerAlert): NormalizedAlert | null {
  const labels = { ...payload.commonLabels, ...alert.labels };
  const annotations = { ...payload.commonAnnotations, ...alert.annotations };
  const hasLabels = Object.keys(labels).length > 0;
  const named = firstText(annotations.summary, annotations.title, labels.alertname);
  if (!named && !hasLabels && !alert.fingerprint) return null;
  // Alertmanager's own fingerprint when sent; else the same value computed from the labels, as Alertmanager does.
  const vendorFingerprint = alert.fingerprint;
  const fingerprint = vendorFingerprint
    ? vendorFingerprint.length <= 255
      ? vendorFingerprint
      : stableFingerprint('alertmanager', { fingerprint: vendorFingerprint })
    : alertmanagerFingerprint(labels);
  // No per-alert status (older versions, proxies): the group's status is every alert's status.
  const status = alert.status ?? payload.status ?? 'firing';
  const host = hostOf(labels.instance ?? labels.host ?? labels.node);
  const title = named ?? (hasLabels ? `Alertmanager alert ${labelsLine(labels)}` : `Alertmanager alert ${fingerprint}`);
  return {
    source: 'alertmanager',
    externalId: clip(fingerprint, 512),
    fingerprint,
    title: clip(title, 300),
    description: annotations.description ? clip(annotations.description, 10_000) : null,
    severity: mapSeverity(labels.severity ?? labels.priority, PROMETHEUS_SEVERITY, 'medium'),
    status,
    service: labels.service ?? labels.app ?? labels.job ?? null,
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
      { title: 'Dashboard', url: annotations.dashboard ?? annotations.dashboard_url },
      { title: 'Alertmanager', url: payload.externalURL },
    ]),
    startsAt: toIsoUtc(alert.startsAt),
    endsAt: status === 'resolved' ? toIsoUtc(alert.endsAt) : null,
    attackTechniques: attackTechniquesIn(labels.mitre_technique, labels.attack_technique, annotations.mitre_technique),
    ...(isTestAlertLabels(labels) ? { test: true } : {}),
  };
}

export const alertmanagerSource: AlertSource<AlertmanagerPayload> = {
  id: 'alertmanager',
  displayName: 'Prometheus Alertmanager',
  auth: { kind: 'bearer' },
  schema: AlertmanagerPayload,
  normalize(payload): NormalizedAlert[] {
    // An alert with nothing to tell it by is left out; the group is refused only when that leaves nothing.
    const alerts = payload.alerts.map((a) => normalizeOne(payload, a)).filter((a): a is NormalizedAlert => a !== null);
    if (alerts.length === 0) throw new NoAlertTitleError('Prometheus Alertmanager', ALERTMANAGER_LOOKED_FOR);
    return alerts;
  },
};
