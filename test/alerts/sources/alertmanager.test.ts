import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { alertmanagerSource } from '../../../src/alerts/sources/alertmanager.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/alerts/alertmanager/${name}`, import.meta.url), 'utf8'));
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
      labels: { alertname: 'HighErrorRate', instance: 'checkout-1.prod.example.com:9102', job: 'checkout-api', severity: 'critical', service: 'checkout' },
      links: [
        { title: 'Source', url: 'http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout_5xx%3Aratio5m+%3E+0.05&g0.tab=1' },
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
    expect(alert).toMatchObject({ status: 'resolved', fingerprint: 'c3a1e7f0b2d45a91', endsAt: '2026-11-24T09:31:48.002Z' });
  });

  it('rejects payloads of another version or with wrong types, naming the field', () => {
    const bad = { ...(fixture('firing-group.json') as object), version: '3' };
    expect(alertmanagerSource.schema.safeParse(bad).error?.issues[0]?.path).toEqual(['version']);
    const wrongType = fixture('firing-group.json') as { alerts: Array<{ labels: unknown }> };
    (wrongType.alerts[0] as { labels: unknown }).labels = 'severity=critical';
    expect(alertmanagerSource.schema.safeParse(wrongType).error?.issues[0]?.path).toEqual(['alerts', 0, 'labels']);
  });
});
