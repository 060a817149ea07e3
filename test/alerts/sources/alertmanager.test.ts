import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { alertmanagerFingerprint } from '../../../src/alerts/alertmanager-fingerprint.js';
import { NoAlertTitleError } from '../../../src/alerts/no-alert-title-error.js';
import { alertmanagerSource } from '../../../src/alerts/sources/alertmanager.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/alertmanager/${name}`, import.meta.url), 'utf8'));
const ctx = { receivedAt: new Date('2026-11-24T09:13:00Z') };

describe('Alertmanager webhook v4', () => {
  it('maps each alert of a group, with labels merged over the common ones', () => {
    const alerts = alertmanagerSource.normalize(alertmanagerSource.schema.parse(fixture('firing-group.json')), ctx);
    expect(alerts).toHaveLength(2);
    for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    expect(alerts[0]).toEqual({
      source: 'alertmanager',
      externalId: 'c3a1e7f0b2d45a91',
      fingerprint: 'c3a1e7f0b2d45a91',
      title: 'Checkout API 5xx ratio above 5%',
      description: '5.8% of requests on checkout-1 failed in the last 5 minutes.',
      severity: 'critical',
      status: 'firing',
      service: 'checkout',
      asset: { host: 'checkout-1.prod.example.com', ip: null, cloudResource: null, user: null },
      labels: {
        alertname: 'HighErrorRate',
        instance: 'checkout-1.prod.example.com:9102',
        job: 'checkout-api',
        severity: 'critical',
        service: 'checkout',
      },
      links: [
        {
          title: 'Source',
          url: 'http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout_5xx%3Aratio5m+%3E+0.05&g0.tab=1',
        },
        { title: 'Runbook', url: 'https://runbooks.example.com/checkout/high-error-rate' },
        { title: 'Alertmanager', url: 'http://alertmanager.example.com:9093' },
      ],
      startsAt: '2026-11-24T09:12:03.417Z',
      endsAt: null,
      attackTechniques: [],
    });
    // Offsets are normalised to UTC; the common runbook annotation reaches alerts that lack their own.
    expect(alerts[1]?.startsAt).toBe('2026-11-24T08:12:33.100Z');
    expect(alerts[1]?.links.map((l) => l.title)).toContain('Runbook');
  });

  it('maps a resolved alert with its end time and the same fingerprint', () => {
    const [alert] = alertmanagerSource.normalize(alertmanagerSource.schema.parse(fixture('resolved.json')), ctx);
    expect(alert).toMatchObject({
      status: 'resolved',
      fingerprint: 'c3a1e7f0b2d45a91',
      endsAt: '2026-11-24T09:31:48.002Z',
    });
  });

  it('computes the fingerprint Alertmanager itself gives (FNV-1a over sorted labels), checked on a real delivery', () => {
    // A real Alertmanager 0.2x delivery carries fingerprint fbab788ec4c1018b for these labels; the same alert from an
    // older version or a proxy (no per-alert status, fingerprint or generatorURL) must get the same identity.
    const [current] = alertmanagerSource.normalize(
      alertmanagerSource.schema.parse(fixture('real-resolved-current.json')),
      ctx,
    );
    expect(current).toMatchObject({
      fingerprint: 'fbab788ec4c1018b',
      status: 'resolved',
      endsAt: '2022-07-29T11:17:27.300Z',
    });
    const real = fixture('real-resolved-current.json') as { alerts: Array<{ labels: Record<string, string> }> };
    expect(alertmanagerFingerprint((real.alerts[0] as { labels: Record<string, string> }).labels)).toBe(
      'fbab788ec4c1018b',
    );
    // prometheus/common model/signature_test.go
    expect(BigInt(`0x${alertmanagerFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })}`)).toBe(
      5799056148416392346n,
    );
    expect(alertmanagerFingerprint({})).toBe('cbf29ce484222325');
  });

  it('accepts a group from an older Alertmanager or a proxy: status from the group, fingerprint from the labels, no link', () => {
    const alerts = alertmanagerSource.normalize(
      alertmanagerSource.schema.parse(fixture('legacy-firing-group.json')),
      ctx,
    );
    expect(alerts).toHaveLength(2);
    for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    expect(alerts[0]).toMatchObject({
      fingerprint: 'fbab788ec4c1018b',
      status: 'firing',
      title: 'Kubernetes Deployment Replicas Mismatch',
      severity: 'medium',
      links: [{ title: 'Alertmanager', url: 'http://localhost:9093' }],
      startsAt: '2022-07-29T11:13:27.300Z',
      endsAt: null,
    });
    expect(alerts[1]?.fingerprint).not.toBe(alerts[0]?.fingerprint);
  });

  it('tolerates missing group fields, truncatedAlerts as a string, and odd values; keeps alerts that say something', () => {
    const body = {
      truncatedAlerts: '2',
      status: 'Resolved',
      alerts: [
        { labels: { alertname: 'DiskFull', instance: 'db-1:9100' }, annotations: null },
        'junk',
        { labels: {}, annotations: {} },
      ],
    };
    const alerts = alertmanagerSource.normalize(alertmanagerSource.schema.parse(body), ctx);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      title: 'DiskFull',
      status: 'resolved',
      fingerprint: alertmanagerFingerprint({ alertname: 'DiskFull', instance: 'db-1:9100' }),
      asset: { host: 'db-1' },
    });
  });

  it('titles an alert known only by its labels with those labels', () => {
    const [alert] = alertmanagerSource.normalize(
      alertmanagerSource.schema.parse({ alerts: [{ labels: { job: 'node', instance: 'web-1:9100' } }] }),
      ctx,
    );
    expect(alert?.title).toBe('Alertmanager alert job="node", instance="web-1:9100"');
  });

  it('refuses only a body with no alert that says anything, naming the fields it looked for', () => {
    for (const body of [{}, { alerts: [] }, { alerts: [{ labels: {}, annotations: {} }] }, { alerts: 'firing' }]) {
      const parsed = alertmanagerSource.schema.parse(body);
      expect(() => alertmanagerSource.normalize(parsed, ctx)).toThrow(NoAlertTitleError);
    }
    expect(() => alertmanagerSource.normalize(alertmanagerSource.schema.parse({}), ctx)).toThrow(
      /looked for alerts\[\]\.annotations\.summary, .*labels\.alertname/,
    );
    expect(alertmanagerSource.schema.safeParse(null).success).toBe(false);
  });

  it('marks an amtool or Grafana-style test alert as a test', () => {
    const [alert] = alertmanagerSource.normalize(
      alertmanagerSource.schema.parse(fixture('amtool-test-alert.json')),
      ctx,
    );
    expect(alert).toMatchObject({ test: true, fingerprint: 'f48c52bf6478a84b', severity: 'critical' });
    const [real] = alertmanagerSource.normalize(alertmanagerSource.schema.parse(fixture('firing-group.json')), ctx);
    expect(real?.test).toBeUndefined();
  });
});
