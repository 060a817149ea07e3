import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCatalogEnricher } from '../../src/catalog/file-catalog-enricher.js';
import { loadAlertPolicy } from '../../src/catalog/load-alert-policy.js';
import { loadCatalog, parseCatalog } from '../../src/catalog/load-catalog.js';
import { ConfigFileError } from '../../src/catalog/load-yaml-file.js';
import type { NormalizedAlert } from '../../src/core/alert/normalized-alert.js';
import { DEFAULT_ALERT_POLICY, scorePriority } from '../../src/core/alert/priority-policy.js';
import { whoToPage } from '../../src/core/alert/who-to-page.js';

const shipped = loadCatalog(join(process.cwd(), 'config/catalog.yaml'));

function alert(
  over: Omit<Partial<NormalizedAlert>, 'asset'> & { asset?: Partial<NormalizedAlert['asset']> } = {},
): NormalizedAlert {
  return {
    source: 'test',
    externalId: null,
    fingerprint: 'fp',
    title: 't',
    description: null,
    severity: 'high',
    status: 'firing',
    service: null,
    labels: {},
    links: [],
    startsAt: null,
    endsAt: null,
    attackTechniques: [],
    ...over,
    asset: { host: null, ip: null, cloudResource: null, user: null, ...over.asset },
  };
}

function problems(text: string): string[] {
  try {
    parseCatalog('catalog.yaml', text);
  } catch (error) {
    if (error instanceof ConfigFileError) return error.problems;
    throw error;
  }
  return [];
}

describe('catalog file', () => {
  it('ships a valid example catalog and policy', () => {
    expect(shipped.services.map((s) => s.id)).toContain('checkout');
    expect(loadAlertPolicy(join(process.cwd(), 'config/policy.yaml'))).toEqual(DEFAULT_ALERT_POLICY);
  });

  it('reports each problem with file, line and path', () => {
    const text = [
      'services:',
      '  - id: checkout',
      '    name: Checkout',
      '    owner_team: payments',
      '    tier: 7',
      'assets:',
      '  - match: { host: "x*" }',
      '    service: nope',
    ].join('\n');
    expect(problems(text)).toEqual(['catalog.yaml:5: services.0.tier: Too big: expected number to be <=4']);
    const fixed = text.replace('tier: 7', 'tier: 1');
    expect(problems(fixed)).toEqual(['catalog.yaml:8: assets.0.service: no service with id "nope" (known: checkout)']);
    expect(problems('services: [\n')[0]).toMatch(/^catalog\.yaml:\d+: /);
    expect(problems('servcies: []')).toEqual([
      expect.stringMatching(/^catalog\.yaml:1: \(top\): Unrecognized key: "servcies"/),
    ]);
  });

  it('names Teams on-call people by Entra object id, and each platform pages its own people', () => {
    const oncall = (users: string) =>
      [
        'services:',
        '  - { id: a, name: A, owner_team: t, tier: 1, oncall: { slack_users: [U1], teams_users: [' +
          users +
          '], sandbox_users: [bob] } }',
      ].join('\n');
    const entraId = '6b1f4a2c-0d3e-4f5a-9b8c-7d6e5f4a3b2c';
    expect(problems(oncall(entraId))).toEqual([]);
    expect(problems(oncall('carol@example.com'))).toEqual([
      expect.stringMatching(
        /^catalog\.yaml:2: services\.0\.oncall\.teams_users\.0: a Teams user is named by their Entra object id/,
      ),
    ]);
    const service = parseCatalog('catalog.yaml', oncall(entraId)).services[0];
    expect(whoToPage('teams', service?.oncall)).toEqual({ group: null, users: [entraId] });
    expect(whoToPage('slack', service?.oncall)).toEqual({ group: null, users: ['U1'] });
    expect(whoToPage('sandbox', service?.oncall)).toEqual({ group: null, users: ['bob'] });
  });

  it('holds a service bridge_url to the same rule as /incident bridge: https, no chat markup', () => {
    const service = (url: string) =>
      ['services:', `  - { id: a, name: A, owner_team: t, tier: 1, bridge_url: "${url}" }`].join('\n');
    expect(problems(service('https://meet.example.com/team-a'))).toEqual([]);
    for (const bad of ['http://meet.example.com/team-a', 'https://meet.example.com/a|<!channel>']) {
      expect(problems(service(bad))).toEqual([
        'catalog.yaml:2: services.0.bridge_url: A bridge is an https:// meeting link.',
      ]);
    }
  });

  it('refuses two services claiming the same alias', () => {
    const text = [
      'services:',
      '  - { id: a, name: A, owner_team: t, tier: 1, aliases: [api] }',
      '  - { id: b, name: B, owner_team: t, tier: 2, aliases: [API] }',
    ].join('\n');
    expect(problems(text)).toEqual(['catalog.yaml:3: services.1: "api" already names services[0]']);
  });
});

describe('file catalog enrichment', () => {
  const enricher = fileCatalogEnricher(shipped);

  it('matches a host glob to its asset and service tier', async () => {
    const e = await enricher.enrich(alert({ asset: { host: 'checkout-7.prod.example.com' } }));
    expect(e).toMatchObject({ service: { id: 'checkout' }, tier: 1, environment: 'production', owner: 'payments' });
  });

  it('matches an IP inside a CIDR, also when the source only gave it as the host', async () => {
    expect((await enricher.enrich(alert({ asset: { ip: '10.20.3.4' } }))).service?.id).toBe('payments-db');
    expect((await enricher.enrich(alert({ asset: { host: '10.20.200.9' } }))).service?.id).toBe('payments-db');
    expect((await enricher.enrich(alert({ asset: { ip: '10.21.0.1' } }))).service).toBeNull();
  });

  it('lets an asset override its tier (staging is tier 4 whatever the service)', async () => {
    expect(
      (await enricher.enrich(alert({ service: 'checkout', asset: { host: 'api.staging.example.com' } }))).tier,
    ).toBe(4);
  });

  it('falls back to the service name or alias the source reported, case-insensitively', async () => {
    expect((await enricher.enrich(alert({ service: 'Search-API' }))).service?.id).toBe('search');
    expect(await enricher.enrich(alert({ service: 'unknown' }))).toMatchObject({ service: null, tier: null });
  });

  it('knows privileged identities and cloud resources', async () => {
    const e = await enricher.enrich(
      alert({ asset: { user: 'svc-deploy', cloudResource: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0prod42' } }),
    );
    expect(e).toMatchObject({
      identity: { privileged: true, team: 'platform' },
      service: { id: 'corp-it' },
      tier: 1,
      owner: 'security',
    });
  });
});

describe('priority = severity × tier', () => {
  it.each([
    ['critical', 1, 'P1'],
    ['critical', 4, 'P3'],
    ['high', 2, 'P2'],
    ['medium', 1, 'P2'],
    ['low', 1, 'P3'],
    ['info', 1, 'P4'],
    ['high', null, 'P3'],
  ] as const)('%s on tier %s is %s', (severity, tier, priority) => {
    expect(scorePriority(DEFAULT_ALERT_POLICY, severity, tier)).toBe(priority);
  });
});
