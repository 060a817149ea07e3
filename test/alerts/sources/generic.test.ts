import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import {
  DEFAULT_GENERIC_MAPPING,
  GenericMapping,
  GenericMappingError,
  genericSource,
} from '../../../src/alerts/sources/generic.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';

type Json = Record<string, unknown>;
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/generic/${name}`, import.meta.url), 'utf8'));
const ctx = { receivedAt: new Date('2026-11-24T09:13:00Z') };
const source = genericSource(DEFAULT_GENERIC_MAPPING);
const normalizeOne = (body: unknown, src = source) => {
  const alerts = src.normalize(src.schema.parse(body), ctx);
  expect(alerts).toHaveLength(1);
  for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
  return alerts[0] as NormalizedAlert;
};

describe('generic JSON webhook', () => {
  it('signs like GitHub, with the warroom header', () => {
    expect(source.id).toBe('generic');
    expect(source.auth).toEqual({
      kind: 'hmac-sha256',
      header: 'x-warroom-signature',
      prefix: 'sha256=',
      encoding: 'hex',
    });
  });

  it('maps a body in the default shape', () => {
    expect(normalizeOne(fixture('firing.json'))).toEqual({
      source: 'generic',
      externalId: 'run-20261124-0300',
      fingerprint: 'backup/orders-db/nightly',
      title: 'Nightly backup of orders-db failed',
      description:
        'pg_dump exited with status 1: could not connect to db-3.prod.example.com:5432 (connection timed out).',
      severity: 'high',
      status: 'firing',
      service: 'orders',
      asset: {
        host: 'backup-1.prod.example.com',
        ip: '10.20.4.17',
        cloudResource: 'arn:aws:s3:::example-backups/orders-db/',
        user: null,
      },
      // Nested label values are dropped: labels stay a flat string map.
      labels: { env: 'prod', team: 'data-platform', retries: '3', notify: 'true' },
      links: [{ title: 'Source', url: 'https://backups.example.com/runs/run-20261124-0300' }],
      startsAt: '2026-11-24T03:14:27.000Z',
      endsAt: null,
      attackTechniques: [],
    });
  });

  it('maps a resolved body (status matched case-insensitively), with epoch end time', () => {
    const alert = normalizeOne(fixture('resolved.json'));
    expect(alert).toMatchObject({
      status: 'resolved',
      fingerprint: 'backup/orders-db/nightly',
      description: null,
      startsAt: '2026-11-24T03:14:27.000Z',
      endsAt: '2026-11-24T07:00:00.000Z',
    });
    expect(normalizeOne({ ...fixture('resolved.json'), endsAt: undefined }).endsAt).toBe('2026-11-24T09:13:00.000Z');
    for (const status of ['resolved', 'Recovered', 'closed', ' ok '])
      expect(normalizeOne({ title: 'x', status }).status).toBe('resolved');
    for (const status of ['firing', 'open', 'alerting', 1, true])
      expect(normalizeOne({ title: 'x', status }).status).toBe('firing');
  });

  it('maps a nested body through a configured mapping, with indices, a severity map and resolved values', () => {
    const mapping = GenericMapping.parse({
      title: 'event.rule.name',
      description: 'event.summary',
      severity: 'event.rule.level',
      status: 'event.state',
      user: 'entities[0].name',
      ip: 'entities.1.name',
      service: 'context.tags.product',
      startsAt: 'event.detected_at',
      link: 'url',
      labels: 'context.tags',
      attack: 'context.mitre',
      severityMap: { '5': 'critical', '4': 'high', '3': 'medium' },
      resolvedValues: ['closed', 'dismissed'],
    });
    const siem = genericSource(mapping);
    expect(normalizeOne(fixture('nested.json'), siem)).toEqual({
      source: 'generic',
      externalId: null,
      fingerprint: stableFingerprint('generic', {
        title: 'Impossible travel for admin account',
        service: 'sso',
        host: null,
      }),
      title: 'Impossible travel for admin account',
      description: 'Sign-ins for admin@example.com from two countries 9 minutes apart.',
      severity: 'high',
      status: 'firing',
      service: 'sso',
      asset: { host: null, ip: '198.51.100.23', cloudResource: null, user: 'admin@example.com' },
      labels: { tenant: 'example', product: 'sso' },
      links: [{ title: 'Source', url: 'https://siem.example.com/alerts/8842' }],
      startsAt: '2026-11-24T08:10:41.000Z',
      endsAt: null,
      attackTechniques: ['T1078.004', 'T1110'],
    });
    const dismissed = fixture('nested.json') as { event: Json };
    dismissed.event.state = 'Dismissed';
    expect(normalizeOne(dismissed, siem).status).toBe('resolved');
  });

  it.each([
    ['critical', 'critical'],
    ['FATAL', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    ['minor', 'low'],
    ['informational', 'info'],
    ['P2', 'high'],
    ['sev-unknown', 'medium'],
    ['constructor', 'medium'],
    [7, 'medium'],
    [{ level: 'critical' }, 'medium'],
  ])('maps severity %j to %s', (severity, expected) => {
    expect(normalizeOne({ ...fixture('firing.json'), severity }).severity).toBe(expected);
  });

  it('lets the severity map override the built-in words', () => {
    const src = genericSource({ ...DEFAULT_GENERIC_MAPPING, severityMap: { Warning: 'high', '1': 'critical' } });
    expect(normalizeOne({ ...fixture('firing.json'), severity: 'warning' }, src).severity).toBe('high');
    expect(normalizeOne({ ...fixture('firing.json'), severity: 1 }, src).severity).toBe('critical');
  });

  it('hashes title, service and host when no fingerprint is mapped, and over-long keys', () => {
    const { fingerprint: _, ...body } = fixture('firing.json');
    const expected = stableFingerprint('generic', {
      title: 'Nightly backup of orders-db failed',
      service: 'orders',
      host: 'backup-1.prod.example.com',
    });
    expect(normalizeOne(body).fingerprint).toBe(expected);
    expect(normalizeOne({ ...body, severity: 'info', description: 'other' }).fingerprint).toBe(expected);
    const long = 'k'.repeat(300);
    expect(normalizeOne({ ...body, fingerprint: long }).fingerprint).toBe(
      stableFingerprint('generic', { fingerprint: long }),
    );
  });

  it('clips long text, ignores invalid ips and unsafe links, and uses the receipt time as start', () => {
    const alert = normalizeOne({
      title: 't'.repeat(400),
      description: 'd'.repeat(20_000),
      ip: 'not-an-ip',
      link: ['javascript:alert(1)', 'https://ok.example.com/a'],
    });
    expect(alert.title).toHaveLength(300);
    expect(alert.description).toHaveLength(10_000);
    expect(alert.asset.ip).toBeNull();
    expect(alert.links).toEqual([{ title: 'Source', url: 'https://ok.example.com/a' }]);
    expect(alert.startsAt).toBe('2026-11-24T09:13:00.000Z');
    expect(normalizeOne({ title: 'brute force', attack: 'T1110.001 then T1078' }).attackTechniques).toEqual([
      'T1110.001',
      'T1078',
    ]);
  });

  it('fails clearly, naming the path, when the title path yields nothing', () => {
    const src = genericSource({ ...DEFAULT_GENERIC_MAPPING, title: 'alert.title' });
    for (const body of [
      {},
      { alert: {} },
      { alert: { title: '   ' } },
      { alert: { title: { text: 'x' } } },
      { alert: [] },
    ]) {
      const run = () => src.normalize(src.schema.parse(body), ctx);
      expect(run).toThrow(GenericMappingError);
      expect(run).toThrow('"alert.title"');
    }
    try {
      src.normalize({ alert: {} }, ctx);
    } catch (err) {
      expect(err).toBeInstanceOf(GenericMappingError);
      expect((err as GenericMappingError).path).toBe('alert.title');
      expect((err as GenericMappingError).name).toBe('GenericMappingError');
    }
    expect(normalizeOne({ alert: { title: 404 } }, src).title).toBe('404');
  });

  it("without a title, titles the alert by the sender's own id; the 422 names every path it looked for", () => {
    expect(normalizeOne({ fingerprint: 'disk-7', severity: 3 })).toMatchObject({
      title: 'Alert disk-7',
      fingerprint: 'disk-7',
    });
    expect(normalizeOne({ externalId: 90211 })).toMatchObject({ title: 'Alert 90211', externalId: '90211' });
    expect(() => source.normalize(source.schema.parse({ severity: 'critical' }), ctx)).toThrow(
      'No alert title found in this Generic JSON webhook payload: looked for "title", "fingerprint", "externalId".',
    );
  });

  it('marks a body with test: true (or "true") as the sender\'s test notification', () => {
    expect(normalizeOne({ title: 'webhook check', test: true }).test).toBe(true);
    expect(normalizeOne({ title: 'webhook check', test: 'true' }).test).toBe(true);
    expect(normalizeOne({ title: 'disk full', test: false }).test).toBeUndefined();
  });

  it('accepts only JSON objects as payloads', () => {
    expect(source.schema.safeParse([{ title: 'x' }]).error?.issues[0]?.path).toEqual([]);
    expect(source.schema.safeParse('title').success).toBe(false);
    expect(source.schema.safeParse(null).success).toBe(false);
  });

  it('validates the mapping: title required, paths well formed, severities known', () => {
    expect(GenericMapping.safeParse({}).error?.issues[0]?.path).toEqual(['title']);
    expect(GenericMapping.safeParse({ title: 'alert..title' }).error?.issues[0]?.path).toEqual(['title']);
    expect(GenericMapping.safeParse({ title: 'title', host: 'hosts[x]' }).error?.issues[0]?.path).toEqual(['host']);
    expect(GenericMapping.safeParse({ title: 'title', severityMap: { '1': 'urgent' } }).error?.issues[0]?.path).toEqual(
      ['severityMap', '1'],
    );
    expect(GenericMapping.parse({ title: 'title' })).toEqual({
      title: 'title',
      severityMap: {},
      resolvedValues: ['resolved', 'ok', 'recovered', 'closed'],
    });
    expect(GenericMapping.parse(DEFAULT_GENERIC_MAPPING)).toEqual(DEFAULT_GENERIC_MAPPING);
    expect(() => genericSource({ ...DEFAULT_GENERIC_MAPPING, title: '' })).toThrow();
  });
});
