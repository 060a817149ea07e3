import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { alertmanagerFingerprint } from '../../../src/alerts/alertmanager-fingerprint.js';
import { NoAlertTitleError } from '../../../src/alerts/no-alert-title-error.js';
import { grafanaSource } from '../../../src/alerts/sources/grafana.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/grafana/${name}`, import.meta.url), 'utf8'));
const ctx = { receivedAt: new Date('2026-11-24T09:57:00Z') };
const normalize = (payload: unknown) => grafanaSource.normalize(grafanaSource.schema.parse(payload), ctx);

describe('Grafana webhook contact point', () => {
  it('maps each alert of a notification, one normalized alert per entry', () => {
    const alerts = normalize(fixture('firing.json'));
    expect(alerts).toHaveLength(2);
    for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    expect(alerts[0]).toEqual({
      source: 'grafana',
      externalId: 'c6eadffa33fcdf37',
      fingerprint: 'c6eadffa33fcdf37',
      title: 'Checkout p99 latency above 2 s',
      description: 'p99 latency of the checkout API is above 2 s on checkout-1.\n\nValues: B=2.43, C=1',
      severity: 'critical',
      status: 'firing',
      service: 'checkout',
      asset: { host: 'checkout-1.prod.example.com', ip: null, cloudResource: null, user: null },
      labels: {
        alertname: 'Checkout p99 latency',
        grafana_folder: 'Checkout',
        instance: 'checkout-1.prod.example.com:9102',
        service: 'checkout',
        severity: 'critical',
        team: 'payments',
      },
      links: [
        { title: 'Source', url: 'https://grafana.example.com/alerting/grafana/bdxq1y7k2v4e8a/view?orgId=1' },
        { title: 'Runbook', url: 'https://runbooks.example.com/checkout/latency' },
        { title: 'Dashboard', url: 'https://grafana.example.com/d/checkout-slo?orgId=1' },
        { title: 'Panel', url: 'https://grafana.example.com/d/checkout-slo?orgId=1&viewPanel=4' },
        {
          title: 'Silence',
          url: 'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DCheckout+p99+latency&matcher=instance%3Dcheckout-1.prod.example.com%3A9102&orgId=1',
        },
        { title: 'Grafana', url: 'https://grafana.example.com/' },
      ],
      startsAt: '2026-11-24T09:51:03.157Z',
      endsAt: null,
      attackTechniques: [],
    });
  });

  it('names Grafana no-data alerts by their rule, with no severity label falling back to medium', () => {
    const [, noData] = normalize(fixture('firing.json'));
    expect(noData).toMatchObject({
      title: 'Checkout error budget burn (DatasourceNoData)',
      description: null,
      severity: 'medium',
      service: null,
      fingerprint: 'bc97ff14869b13e3',
      startsAt: '2026-11-24T09:56:03.157Z',
    });
    // Empty dashboard/panel URLs are dropped rather than linked.
    expect(noData?.links.map((l) => l.title)).toEqual(['Source', 'Silence', 'Grafana']);
  });

  it('maps a resolved alert with its end time and the same fingerprint', () => {
    const alerts = normalize(fixture('resolved.json'));
    expect(alerts).toHaveLength(1);
    for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    expect(alerts[0]).toMatchObject({
      status: 'resolved',
      fingerprint: 'c6eadffa33fcdf37',
      startsAt: '2026-11-24T09:51:03.157Z',
      endsAt: '2026-11-24T10:14:20.000Z',
      description: 'p99 latency of the checkout API is above 2 s on checkout-1.\n\nValues: B=0.82, C=0',
    });
  });

  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    ['minor', 'low'],
    ['info', 'info'],
    ['P2', 'medium'],
    // Inherited object keys must not be taken for table entries.
    ['constructor', 'medium'],
  ])('maps severity label %s to %s', (label, severity) => {
    const payload = fixture('firing.json') as { alerts: Array<{ labels: Record<string, string> }> };
    (payload.alerts[0] as { labels: Record<string, string> }).labels.severity = label;
    expect(normalize(payload)[0]?.severity).toBe(severity);
  });

  it('reads the legacy valueString, drops internal labels and finds ATT&CK ids in labels', () => {
    const payload = fixture('firing.json') as { alerts: Array<Record<string, unknown>> };
    const alert = payload.alerts[0] as Record<string, unknown>;
    delete alert.values;
    alert.valueString = "[ var='B' labels={instance=checkout-1} value=2.43 ]";
    alert.labels = { ...(alert.labels as object), __alert_rule_uid__: 'bdxq1y7k2v4e8a', mitre_technique: 'T1499.002' };
    const [mapped] = normalize(payload);
    expect(mapped?.description).toContain("Values: [ var='B' labels={instance=checkout-1} value=2.43 ]");
    expect(mapped?.labels).not.toHaveProperty('__alert_rule_uid__');
    expect(mapped?.attackTechniques).toEqual(['T1499.002']);
  });

  it('accepts other versions, wrong-typed and missing optional fields; computes a missing fingerprint from the labels', () => {
    const otherVersion = { ...(fixture('firing.json') as object), version: '2', orgId: '1', truncatedAlerts: '0' };
    expect(normalize(otherVersion)).toHaveLength(2);

    const wrongType = fixture('firing.json') as { alerts: Array<{ annotations: unknown }> };
    (wrongType.alerts[0] as { annotations: unknown }).annotations = 'summary=oops';
    expect(normalize(wrongType)[0]?.title).toBe('Checkout p99 latency');

    const missing = fixture('firing.json') as {
      alerts: Array<Record<string, unknown>>;
      receiver?: unknown;
      groupKey?: unknown;
    };
    delete (missing.alerts[0] as Record<string, unknown>).fingerprint;
    delete (missing.alerts[0] as Record<string, unknown>).status;
    delete missing.receiver;
    delete missing.groupKey;
    const labels = (missing.alerts[0] as { labels: Record<string, string> }).labels;
    expect(normalize(missing)[0]).toMatchObject({ fingerprint: alertmanagerFingerprint(labels), status: 'firing' });
  });

  it('refuses only a body with nothing that says what is wrong, naming the fields it looked for', () => {
    for (const body of [{}, { alerts: [] }, { alerts: [{ labels: {}, annotations: {} }], ruleName: 'not legacy' }]) {
      expect(() => normalize(body)).toThrow(NoAlertTitleError);
    }
    expect(() => normalize({})).toThrow(/looked for .*alerts\[\]\.labels\.alertname.*ruleName/);
  });

  it('maps the Grafana 9.x body as documented (valueString instead of values, empty panel links)', () => {
    const alerts = normalize(fixture('firing-v9-valuestring.json'));
    expect(alerts.map((a) => [a.title, a.fingerprint, a.description, a.status])).toEqual([
      [
        'This alert was triggered for zone us-1',
        'c6eadffa33fcdf37',
        "The system has high memory usage\n\nValues: [ metric='' labels={} value=14151.331895396988 ]",
        'firing',
      ],
      [
        'This alert was triggered for zone eu-1',
        'bc97ff14869b13e3',
        "The system has high CPU usage\n\nValues: [ metric='' labels={} value=47043.14014225352 ]",
        'firing',
      ],
    ]);
    expect(alerts[0]?.links.map((l) => l.title)).toEqual(['Source', 'Runbook', 'Silence', 'Grafana']);
  });

  it('marks the contact point "Test" notification as a test', () => {
    const [alert] = normalize(fixture('test-notification.json'));
    expect(alert).toMatchObject({
      test: true,
      title: 'Notification test',
      status: 'firing',
      fingerprint: '326ea703b01f6100',
    });
    expect(normalize(fixture('firing.json')).every((a) => a.test === undefined)).toBe(true);
  });
});

describe('Grafana legacy (dashboard) alerting webhook', () => {
  it('maps an alerting rule notification as documented for Grafana 7', () => {
    const [alert] = normalize(fixture('legacy-alerting.json'));
    expect(NormalizedAlert.parse(alert)).toEqual(alert);
    expect(alert).toMatchObject({
      source: 'grafana',
      externalId: 'rule-1',
      title: 'Panel Title alert',
      description: 'Notification Message\n\nValues: Count=1',
      severity: 'medium',
      status: 'firing',
      labels: {
        'tag name': 'tag value',
        grafana_rule_id: '1',
        grafana_state: 'alerting',
        grafana_dashboard_id: '1',
        grafana_panel_id: '2',
      },
      links: [
        {
          title: 'Grafana rule',
          url: 'http://localhost:3000/d/hZ7BuVbWz/test-dashboard?fullscreen&edit&tab=alert&panelId=2&orgId=1',
        },
        { title: 'Image', url: 'https://grafana.com/assets/img/blog/mixed_styles.png' },
      ],
      startsAt: '2026-11-24T09:57:00.000Z',
      endsAt: null,
    });
    expect(alert?.test).toBeUndefined();
  });

  it('maps state ok to resolved with the same fingerprint', () => {
    const [firing] = normalize(fixture('legacy-alerting.json'));
    const [ok] = normalize(fixture('legacy-ok.json'));
    expect(ok).toMatchObject({
      status: 'resolved',
      fingerprint: firing?.fingerprint,
      startsAt: null,
      endsAt: '2026-11-24T09:57:00.000Z',
    });
  });

  it('marks the legacy channel "Test" button notification as a test', () => {
    const [alert] = normalize(fixture('legacy-test-notification.json'));
    expect(alert).toMatchObject({ test: true, title: 'Test notification', status: 'firing' });
  });

  it('accepts ids sent as strings and a body with only a title', () => {
    const [alert] = normalize({ ruleId: '7', orgId: '2', title: '[Alerting] Disk full', state: 'alerting' });
    expect(alert).toMatchObject({ title: 'Disk full', externalId: 'rule-7', status: 'firing' });
  });
});
