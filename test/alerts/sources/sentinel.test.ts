import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { sentinelSource } from '../../../src/alerts/sources/sentinel.js';
import { useAlertRouteHarness } from '../../support/alert-route-harness.js';

const raw = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/sentinel/${name}`, import.meta.url), 'utf8'));
/** A fresh copy of an incident fixture to edit. */
type Incident = Record<string, unknown> & {
  properties: Record<string, unknown> & { additionalData: Record<string, unknown> };
};
const fixture = (name: string): Incident => raw(name) as Incident;
const ctx = { receivedAt: new Date('2026-11-24T09:13:30Z') };
const normalize = (payload: unknown): NormalizedAlert[] =>
  sentinelSource.normalize(sentinelSource.schema.parse(payload), ctx);

const WORKSPACE =
  '/subscriptions/d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6/resourceGroups/soc-prod/providers/Microsoft.OperationalInsights/workspaces/sentinel-prod/providers/Microsoft.SecurityInsights';

describe('Microsoft Sentinel incident from a playbook', () => {
  it('parses every fixture into valid normalized alerts', () => {
    for (const name of [
      'incident-created.json',
      'incident-closed.json',
      'incident-trigger-whole-body.json',
      'alert-trigger-security-alert.json',
    ]) {
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
      description:
        'More than 50 failed SSH logins from one address were followed by a successful login for the same account within 10 minutes.',
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
    ['HIGH', 'high'],
    ['informational', 'info'],
    ['Severe', 'medium'],
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

  it('accepts the incident number as text, a status in any case and properties it does not know', () => {
    const payload = fixture('incident-created.json');
    payload.properties.incidentNumber = '4127';
    payload.properties.status = 'closed';
    payload.properties.additionalData.alertsCount = '2';
    payload.properties.newProperty = { anything: [1, 2] };
    expect(normalize(payload)[0]).toMatchObject({
      fingerprint: '4127/7c1e4b2a-9d3f-4e8a-b6c5-2f0a1d9e8c7b',
      status: 'resolved',
      labels: { incident_number: '4127', alerts_count: '2' },
    });
  });

  it('names an incident without a title by its number', () => {
    const payload = fixture('incident-closed.json');
    delete payload.properties.title;
    expect(normalize(payload)[0]?.title).toBe('Sentinel incident 4102');
  });
});

describe('Microsoft Sentinel through POST /webhooks/alerts/sentinel', () => {
  const h = useAlertRouteHarness();

  // The older alert trigger's SecurityAlert, today's incident trigger (its `object`, and its whole body), and the
  // REST Incident of a closed incident.
  it.each([
    [
      'alert-trigger-security-alert.json',
      'Successful sign-in from a new country after failed attempts',
      'medium',
      'firing',
      'a1c3e5f7-9b1d-4f3a-8c5e-7a9c1e3b5d7f',
    ],
    [
      'incident-created.json',
      'SSH brute force followed by a successful login on web-01',
      'high',
      'firing',
      '4127/7c1e4b2a-9d3f-4e8a-b6c5-2f0a1d9e8c7b',
    ],
    [
      'incident-trigger-whole-body.json',
      'Possible reverse shell on web-01',
      'high',
      'firing',
      '4128/9d2f4b6a-8c0e-4a2c-b4d6-8f0a2c4e6b8d',
    ],
    [
      'incident-closed.json',
      'Mass download by a single user',
      'medium',
      'resolved',
      '4102/e4a7c0d3-6b9e-4f2a-8c5d-1a4e7b0c3f6d',
    ],
  ])(
    'accepts %s: 202, stored with its title, severity, status and fingerprint; a repeat counts up',
    async (file, title, severity, status, fingerprint) => {
      await h.expectStoredThenCounted('sentinel', file, { title, severity, status, fingerprint });
    },
  );

  it('reads the alert trigger’s entities: the account as the user, the address as a label', () => {
    const alert = h.alerts('sentinel').find((a) => a.fingerprint === 'a1c3e5f7-9b1d-4f3a-8c5e-7a9c1e3b5d7f');
    expect(alert?.normalized).toMatchObject({
      asset: { host: null, user: 'deploy@example.com' },
      labels: { status: 'New', products: 'Azure Sentinel', tactics: 'InitialAccess', ips: '198.51.100.7' },
    });
  });

  it('reads the incident inside the whole trigger body, noting the trigger event', () => {
    const incident = h.alerts('sentinel').find((a) => a.fingerprint === '4128/9d2f4b6a-8c0e-4a2c-b4d6-8f0a2c4e6b8d');
    expect(incident?.normalized).toMatchObject({
      asset: { host: 'web-01.prod.example.com' },
      labels: { event: 'Create', incident_number: '4128' },
      attackTechniques: ['T1059'],
    });
  });

  it('closes an alert the trigger reports Dismissed, and accepts Entities as a JSON string', async () => {
    const body = fixtureJsonOf('alert-trigger-security-alert.json');
    body.Status = 'Dismissed';
    body.Entities = JSON.stringify(body.Entities);
    expect((await h.post('sentinel', body)).status).toBe(202);
    expect(h.alerts('sentinel').find((a) => a.fingerprint === 'a1c3e5f7-9b1d-4f3a-8c5e-7a9c1e3b5d7f')).toMatchObject({
      status: 'resolved',
      normalized: { asset: { user: 'deploy@example.com' } },
    });
  });

  it('rejects a body with no usable title, naming the fields it looked for', async () => {
    const before = h.alerts('sentinel').length;
    const lookedFor = ['properties.title', 'properties.incidentNumber', 'AlertDisplayName', 'SystemAlertId'];
    for (const body of [
      {},
      { objectSchemaType: 'Incident', object: { properties: { severity: 'High' } } },
      { properties: { title: ' ', incidentNumber: null }, Severity: 'High' },
    ]) {
      const res = await h.post('sentinel', body);
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ ok: false, lookedFor });
      for (const field of lookedFor) expect(res.json.error).toContain(field);
    }
    expect(h.alerts('sentinel')).toHaveLength(before);
  });
});

function fixtureJsonOf(name: string): Record<string, unknown> {
  return raw(name) as Record<string, unknown>;
}
