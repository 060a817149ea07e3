import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { pagerdutySource } from '../../../src/alerts/sources/pagerduty.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';

type Json = Record<string, unknown>;
const fixture = (name: string): Json & { payload: Json } =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/pagerduty/${name}`, import.meta.url), 'utf8'));
const ctx = { receivedAt: new Date('2026-11-24T09:41:00Z') };
const normalizeOne = (body: unknown) => {
  const alerts = pagerdutySource.normalize(pagerdutySource.schema.parse(body), ctx);
  expect(alerts).toHaveLength(1);
  for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
  return alerts[0] as NormalizedAlert;
};

describe('PagerDuty Events API v2', () => {
  it('authenticates with the routing key in the body', () => {
    expect(pagerdutySource.auth).toEqual({ kind: 'body-field', path: 'routing_key' });
  });

  it('maps a trigger event', () => {
    expect(normalizeOne(fixture('trigger.json'))).toEqual({
      source: 'pagerduty',
      externalId: 'db-2/replication-lag',
      fingerprint: 'db-2/replication-lag',
      title: 'Replication lag on db-2.prod.example.com above 60 s',
      description: 'lag_seconds: 94\nprimary: db-1.prod.example.com\nrunbook: https://runbooks.example.com/postgres/replication-lag',
      severity: 'critical',
      status: 'firing',
      service: 'checkout-db',
      asset: { host: 'db-2.prod.example.com', ip: null, cloudResource: null, user: null },
      labels: {
        lag_seconds: '94',
        primary: 'db-1.prod.example.com',
        runbook: 'https://runbooks.example.com/postgres/replication-lag',
        component: 'postgres',
        group: 'checkout-db',
        class: 'replication lag',
      },
      links: [
        { title: 'Runbook', url: 'https://runbooks.example.com/postgres/replication-lag' },
        { title: 'Replication lag, last hour', url: 'https://grafana.example.com/d/pg-replication' },
        { title: 'Example Monitoring', url: 'https://monitoring.example.com/checks/db-2-replication' },
      ],
      startsAt: '2026-11-24T09:12:03.417Z',
      endsAt: null,
      attackTechniques: [],
    });
  });

  it('maps acknowledge as still firing, labelled, titled from the dedup key', () => {
    expect(normalizeOne(fixture('acknowledge.json'))).toEqual({
      source: 'pagerduty',
      externalId: 'db-2/replication-lag',
      fingerprint: 'db-2/replication-lag',
      title: 'PagerDuty acknowledge db-2/replication-lag',
      description: null,
      severity: 'medium',
      status: 'firing',
      service: null,
      asset: { host: null, ip: null, cloudResource: null, user: null },
      labels: { pagerduty_action: 'acknowledge' },
      links: [],
      startsAt: null,
      endsAt: null,
      attackTechniques: [],
    });
  });

  it('maps resolve to resolved with the trigger fingerprint, ending at receipt without a timestamp', () => {
    const alert = normalizeOne(fixture('resolve.json'));
    expect(alert).toMatchObject({
      status: 'resolved',
      fingerprint: normalizeOne(fixture('trigger.json')).fingerprint,
      title: 'PagerDuty resolve db-2/replication-lag',
      startsAt: null,
      endsAt: '2026-11-24T09:41:00.000Z',
    });
    expect(alert.labels).toEqual({});
    const withPayload = normalizeOne({ ...fixture('trigger.json'), event_action: 'resolve' });
    expect(withPayload).toMatchObject({ status: 'resolved', startsAt: null, endsAt: '2026-11-24T09:12:03.417Z', title: 'Replication lag on db-2.prod.example.com above 60 s' });
  });

  it.each([
    ['critical', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    ['info', 'info'],
  ])('maps severity %s to %s', (severity, expected) => {
    const body = fixture('trigger.json');
    body.payload.severity = severity;
    expect(normalizeOne(body).severity).toBe(expected);
  });

  it('hashes summary, source and component when there is no dedup key, ignoring routing key and severity', () => {
    const { dedup_key: _, ...body } = fixture('trigger.json');
    const alert = normalizeOne(body);
    expect(alert.externalId).toBeNull();
    expect(alert.fingerprint).toBe(
      stableFingerprint('pagerduty', { summary: 'Replication lag on db-2.prod.example.com above 60 s', source: 'db-2.prod.example.com', component: 'postgres' }),
    );
    const rekeyed = { ...body, routing_key: 'ANOTHERKEY0123456789ABCDEFGHIJKL', payload: { ...body.payload, severity: 'warning' } };
    expect(normalizeOne(rekeyed).fingerprint).toBe(alert.fingerprint);
    const otherComponent = { ...body, payload: { ...body.payload, component: 'pgbouncer' } };
    expect(normalizeOne(otherComponent).fingerprint).not.toBe(alert.fingerprint);
  });

  it('keeps non-hostname sources as the cloud resource, and IP sources as host and ip', () => {
    const path = 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003';
    const cloud = fixture('trigger.json');
    cloud.payload.source = path;
    expect(normalizeOne(cloud).asset).toEqual({ host: null, ip: null, cloudResource: path, user: null });
    const ip = fixture('trigger.json');
    ip.payload.source = '192.0.2.14';
    expect(normalizeOne(ip).asset).toEqual({ host: '192.0.2.14', ip: '192.0.2.14', cloudResource: null, user: null });
  });

  it('accepts string custom_details, drops unsafe links and reads ATT&CK ids from class and details', () => {
    const body = fixture('trigger.json');
    body.payload.custom_details = 'Lag is 94 s behind db-1.';
    body.links = [{ href: 'javascript:alert(1)', text: 'bad' }];
    body.images = [{ src: 'https://grafana.example.com/render/x.png' }];
    const alert = normalizeOne(body);
    expect(alert.description).toBe('Lag is 94 s behind db-1.');
    expect(alert.links).toEqual([
      { title: 'Image', url: 'https://grafana.example.com/render/x.png' },
      { title: 'Example Monitoring', url: 'https://monitoring.example.com/checks/db-2-replication' },
    ]);
    const siem = fixture('trigger.json');
    siem.payload.class = 'T1078 valid accounts';
    siem.payload.custom_details = { mitre_technique: 'T1110.003', note: 'T9999 is not a technique field' };
    expect(normalizeOne(siem).attackTechniques).toEqual(['T1078', 'T1110.003']);
  });

  it('rejects wrong types and missing required fields, naming the field', () => {
    const wrongType = fixture('trigger.json');
    wrongType.payload.severity = 'high';
    expect(pagerdutySource.schema.safeParse(wrongType).error?.issues[0]?.path).toEqual(['payload', 'severity']);

    const badLinks = { ...fixture('trigger.json'), links: 'https://example.com' };
    expect(pagerdutySource.schema.safeParse(badLinks).error?.issues[0]?.path).toEqual(['links']);

    const { payload: _, ...noPayload } = fixture('trigger.json');
    expect(pagerdutySource.schema.safeParse(noPayload).error?.issues[0]?.path).toEqual(['payload']);

    const { dedup_key: __, ...noKey } = fixture('resolve.json');
    expect(pagerdutySource.schema.safeParse(noKey).error?.issues[0]?.path).toEqual(['dedup_key']);

    const { routing_key: ___, ...noRouting } = fixture('trigger.json');
    expect(pagerdutySource.schema.safeParse(noRouting).error?.issues[0]?.path).toEqual(['routing_key']);

    expect(pagerdutySource.schema.safeParse({ ...fixture('trigger.json'), dedup_key: 'x'.repeat(256) }).error?.issues[0]?.path).toEqual(['dedup_key']);
  });
});
