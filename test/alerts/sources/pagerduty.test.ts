import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { NoAlertTitleError } from '../../../src/alerts/no-alert-title-error.js';
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
  it('authenticates with the integration key in the body: routing_key (v2), else service_key (v1)', () => {
    expect(pagerdutySource.auth).toEqual({ kind: 'body-field', paths: ['routing_key', 'service_key'] });
  });

  it('maps a trigger event', () => {
    expect(normalizeOne(fixture('trigger.json'))).toEqual({
      source: 'pagerduty',
      externalId: 'db-2/replication-lag',
      fingerprint: 'db-2/replication-lag',
      title: 'Replication lag on db-2.prod.example.com above 60 s',
      description:
        'lag_seconds: 94\nprimary: db-1.prod.example.com\nrunbook: https://runbooks.example.com/postgres/replication-lag',
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
    expect(withPayload).toMatchObject({
      status: 'resolved',
      startsAt: null,
      endsAt: '2026-11-24T09:12:03.417Z',
      title: 'Replication lag on db-2.prod.example.com above 60 s',
    });
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
      stableFingerprint('pagerduty', {
        summary: 'Replication lag on db-2.prod.example.com above 60 s',
        source: 'db-2.prod.example.com',
        component: 'postgres',
      }),
    );
    const rekeyed = {
      ...body,
      routing_key: 'ANOTHERKEY0123456789ABCDEFGHIJKL',
      payload: { ...body.payload, severity: 'warning' },
    };
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

  it('accepts an unknown severity (medium), odd links, a number as dedup key, no routing key; hashes an over-long key', () => {
    const unknownSeverity = fixture('trigger.json');
    unknownSeverity.payload.severity = 'high';
    expect(normalizeOne(unknownSeverity).severity).toBe('medium');
    expect(
      normalizeOne({ ...fixture('trigger.json'), links: 'https://example.com' }).links.map((l) => l.title),
    ).toEqual(['Replication lag, last hour', 'Example Monitoring']);
    expect(normalizeOne({ ...fixture('trigger.json'), dedup_key: 4711 }).fingerprint).toBe('4711');
    const { routing_key: _, ...noRouting } = fixture('trigger.json');
    expect(normalizeOne(noRouting).title).toBe('Replication lag on db-2.prod.example.com above 60 s');
    const long = normalizeOne({ ...fixture('trigger.json'), dedup_key: 'x'.repeat(256) });
    expect(long.fingerprint).toBe(stableFingerprint('pagerduty', { dedup_key: 'x'.repeat(256) }));
  });

  it('refuses only an event with neither a summary nor a dedup key, naming the fields it looked for', () => {
    const { dedup_key: _, ...noKey } = fixture('resolve.json');
    expect(() => normalizeOne(noKey)).toThrow(NoAlertTitleError);
    expect(() => normalizeOne({ routing_key: 'x', event_action: 'trigger' })).toThrow(
      /looked for payload\.summary, dedup_key, description \(Events API v1\), incident_key \(Events API v1\)/,
    );
  });

  it("marks a sender's test event (Grafana's PagerDuty contact-point test) as a test", () => {
    expect(normalizeOne(fixture('grafana-test-event.json'))).toMatchObject({
      test: true,
      title: '[FIRING:1] TestAlert Grafana',
    });
    expect(normalizeOne(fixture('trigger.json')).test).toBeUndefined();
  });
});

describe('PagerDuty Events API v1 (older senders)', () => {
  it('maps a v1 trigger: description, incident_key, details and contexts', () => {
    expect(normalizeOne(fixture('v1-trigger.json'))).toMatchObject({
      source: 'pagerduty',
      externalId: 'srv01/HTTP',
      fingerprint: 'srv01/HTTP',
      title: 'FAILURE for production/HTTP on machine srv01.acme.com',
      description: 'ping time: 1500ms\nload avg: 0.75',
      severity: 'medium',
      status: 'firing',
      labels: { 'ping time': '1500ms', 'load avg': '0.75', pagerduty_api: 'v1' },
      links: [
        { title: 'Link', url: 'http://acme.pagerduty.com' },
        { title: 'View the incident on PagerDuty', url: 'http://acme.pagerduty.com' },
        {
          title: 'Image',
          url: 'https://chart.googleapis.com/chart?chs=600x400&chd=t:6,2,9,5,2,5,7,4,8,2,1&cht=lc&chds=a&chxt=y&chm=D,0033FF,0,0,5,1',
        },
        { title: 'Sample Monitoring Service', url: 'https://monitoring.service.com' },
      ],
      startsAt: '2026-11-24T09:41:00.000Z',
    });
  });

  it('resolves by incident_key', () => {
    expect(normalizeOne(fixture('v1-resolve.json'))).toMatchObject({
      status: 'resolved',
      fingerprint: 'srv01/HTTP',
      endsAt: '2026-11-24T09:41:00.000Z',
    });
  });
});
