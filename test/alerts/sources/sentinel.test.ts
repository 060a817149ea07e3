import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { sentinelSource } from '../../../src/alerts/sources/sentinel.js';

const raw = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/alerts/sentinel/${name}`, import.meta.url), 'utf8'));
/** A typed, parsed copy to tweak; normalize re-validates it. */
const fixture = (name: string) => sentinelSource.schema.parse(raw(name));
const ctx = { receivedAt: new Date('2026-11-24T09:13:30Z') };
const normalize = (payload: unknown): NormalizedAlert[] => sentinelSource.normalize(sentinelSource.schema.parse(payload), ctx);

const WORKSPACE =
  '/subscriptions/d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6/resourceGroups/soc-prod/providers/Microsoft.OperationalInsights/workspaces/sentinel-prod/providers/Microsoft.SecurityInsights';

describe('Microsoft Sentinel incident from a playbook', () => {
  it('parses every fixture into valid normalized alerts', () => {
    for (const name of ['incident-created.json', 'incident-closed.json']) {
      const alerts = normalize(raw(name));
      expect(alerts).toHaveLength(1);
      for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    }
  });

  it('maps a new incident, with the asset from the trigger’s related entities', () => {
    const [alert] = normalize(raw('incident-created.json'));
    expect(alert).toEqual({
      source: 'sentinel',
      externalId: `${WORKSPACE}/Incidents/7c1e4b2a-9d3f-4e8a-b6c5-2f0a1d9e8c7b`,
      fingerprint: '4127/7c1e4b2a-9d3f-4e8a-b6c5-2f0a1d9e8c7b',
      title: 'SSH brute force followed by a successful login on web-01',
      description: 'More than 50 failed SSH logins from one address were followed by a successful login for the same account within 10 minutes.',
      severity: 'high',
      status: 'firing',
      service: null,
      asset: { host: 'web-01.prod.example.com', ip: null, cloudResource: null, user: 'deploy@example.com' },
      labels: {
        incident_number: '4127',
        status: 'New',
        alerts_count: '2',
        tactics: 'CredentialAccess,InitialAccess',
        products: 'Azure Sentinel',
        tags: 'prod,linux',
        ips: '198.51.100.7',
      },
      links: [
        {
          title: 'Sentinel incident',
          url: `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident${WORKSPACE}/Incidents/7c1e4b2a-9d3f-4e8a-b6c5-2f0a1d9e8c7b`,
        },
      ],
      startsAt: '2026-11-24T08:58:40.123Z',
      endsAt: null,
      attackTechniques: ['T1110', 'T1078'],
    });
  });

  it('maps a closed incident (REST shape, no entities) to resolved, ending at its last modification', () => {
    const [alert] = normalize(raw('incident-closed.json'));
    expect(alert).toMatchObject({
      fingerprint: '4102/e4a7c0d3-6b9e-4f2a-8c5d-1a4e7b0c3f6d',
      description: null,
      severity: 'medium',
      status: 'resolved',
      asset: { host: null, ip: null, cloudResource: null, user: null },
      startsAt: '2026-11-23T16:02:11.000Z',
      endsAt: '2026-11-24T10:05:37.412Z',
      attackTechniques: [],
    });
    expect(alert?.labels).toMatchObject({ owner: 'Maya Okafor', classification: 'BenignPositive', status: 'Closed' });
  });

  it('keeps the fingerprint across updates of the same incident', () => {
    const updated = fixture('incident-created.json');
    updated.properties.status = 'Active';
    updated.properties.severity = 'Medium';
    updated.properties.additionalData.alertsCount = 5;
    expect(normalize(updated)[0]?.fingerprint).toBe(normalize(raw('incident-created.json'))[0]?.fingerprint);
    expect(normalize(updated)[0]?.status).toBe('firing');
  });

  it.each([
    ['High', 'high'],
    ['Medium', 'medium'],
    ['Low', 'low'],
    ['Informational', 'info'],
  ] as const)('severity %s maps to %s', (severity, expected) => {
    const payload = fixture('incident-closed.json');
    payload.properties.severity = severity;
    expect(normalize(payload)[0]?.severity).toBe(expected);
  });

  it('takes only well-formed technique ids from additionalData.techniques', () => {
    const payload = fixture('incident-created.json');
    payload.properties.additionalData.techniques = ['T1110.003', 'T1078', 'T1110.003', 'Brute Force'];
    expect(normalize(payload)[0]?.attackTechniques).toEqual(['T1110.003', 'T1078']);
  });

  it('rejects wrong types and missing fields, naming the field', () => {
    const wrongType = fixture('incident-created.json');
    (wrongType.properties as { incidentNumber: unknown }).incidentNumber = 'INC-4127';
    expect(sentinelSource.schema.safeParse(wrongType).error?.issues[0]?.path).toEqual(['properties', 'incidentNumber']);

    const badStatus = fixture('incident-created.json');
    (badStatus.properties as { status: unknown }).status = 'Resolved';
    expect(sentinelSource.schema.safeParse(badStatus).error?.issues[0]?.path).toEqual(['properties', 'status']);

    const missing = fixture('incident-created.json');
    delete (missing.properties as { title?: string }).title;
    expect(sentinelSource.schema.safeParse(missing).error?.issues[0]?.path).toEqual(['properties', 'title']);
  });
});
