import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { elasticSource } from '../../../src/alerts/sources/elastic.js';

const raw = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/alerts/elastic/${name}`, import.meta.url), 'utf8'));
/** A typed, parsed copy to tweak; normalize re-validates it. */
const fixture = (name: string) => elasticSource.schema.parse(raw(name));
const ctx = { receivedAt: new Date('2026-11-24T09:14:00Z') };
const normalize = (payload: unknown): NormalizedAlert[] => elasticSource.normalize(elasticSource.schema.parse(payload), ctx);

describe('Elastic Security detection alerts via the Kibana webhook connector', () => {
  it('maps one normalized alert per alert in context.alerts', () => {
    const alerts = normalize(raw('detection-alerts.json'));
    expect(alerts).toHaveLength(2);
    for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    expect(alerts[0]).toEqual({
      source: 'elastic',
      externalId: '6d2f8a3c0b5e41f79c4a1e2b3d5f7a9c0e1b2d3f4a5c6e7f8091a2b3c4d5e6f7',
      fingerprint: '6d2f8a3c0b5e41f79c4a1e2b3d5f7a9c0e1b2d3f4a5c6e7f8091a2b3c4d5e6f7',
      title: 'Encoded PowerShell Command Launched by Office Application',
      description:
        'process event with process powershell.exe, parent process WINWORD.EXE, by svc_backup on win-app-01 created high alert Encoded PowerShell Command Launched by Office Application.',
      severity: 'high',
      status: 'firing',
      service: null,
      asset: { host: 'win-app-01', ip: '10.20.1.15', cloudResource: null, user: 'svc_backup' },
      labels: {
        rule_id: 'a3d5c7e9-1b2d-4f6a-8c0e-2d4f6a8c0e1b',
        rule_name: 'Encoded PowerShell Command Launched by Office Application',
        risk_score: '73',
      },
      links: [
        {
          title: 'Alert in Kibana',
          url: 'https://kibana.example.com/app/security/alerts/redirect/6d2f8a3c0b5e41f79c4a1e2b3d5f7a9c0e1b2d3f4a5c6e7f8091a2b3c4d5e6f7?index=.alerts-security.alerts-default&timestamp=2026-11-24T09:13:07.512Z',
        },
        {
          title: 'Alerts in Kibana',
          url: 'https://kibana.example.com/app/security/detections/rules/id/1f6a7c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b?timerange=(global:(linkTo:!(timeline),timerange:(from:1795511523000,kind:absolute,to:1795511587512)),timeline:(linkTo:!(global),timerange:(from:1795511523000,kind:absolute,to:1795511587512)))',
        },
        { title: 'Reference 1', url: 'https://attack.mitre.org/techniques/T1059/001/' },
        { title: 'Reference 2', url: 'https://wiki.example.com/secops/playbooks/office-child-powershell' },
      ],
      startsAt: '2026-11-24T09:12:03.417Z',
      endsAt: null,
      attackTechniques: ['T1059', 'T1059.001', 'T1027', 'T1027.010'],
    });
  });

  it('prefers the per-alert severity and risk score (overrides) and keeps source.ip as a label', () => {
    const [, second] = normalize(raw('detection-alerts.json'));
    expect(second).toMatchObject({
      fingerprint: '0b9e7c5a3f1d4b2e8c6a4f2d0b8e6c4a2f0d8b6e4c2a0f8d6b4e2c0a8f6d4b2e',
      severity: 'critical',
      service: 'finance-portal',
      asset: { host: 'win-fin-07', ip: '10.20.4.77', cloudResource: null, user: 'a.lindqvist' },
      startsAt: '2026-11-24T09:12:44.004Z',
    });
    expect(second?.labels).toMatchObject({ risk_score: '99', source_ip: '203.0.113.9' });
    // This alert has no threat of its own: the rule's threat mapping still names the techniques.
    expect(second?.attackTechniques).toEqual(['T1059', 'T1059.001', 'T1027', 'T1027.010']);
    expect(second?.links.map((l) => l.title)).toEqual(['Alerts in Kibana', 'Reference 1', 'Reference 2']);
  });

  it.each([
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['critical', 'critical'],
  ] as const)('rule severity %s maps to %s when the alert has no override', (ruleSeverity, expected) => {
    const payload = fixture('detection-alerts.json');
    payload.rule.severity = ruleSeverity;
    const alert = payload.alerts[0];
    if (alert) delete alert.kibana.alert.severity;
    expect(normalize(payload)[0]?.severity).toBe(expected);
  });

  it('falls back to the rule description and @timestamp when the alert lacks reason and original_time', () => {
    const payload = fixture('detection-alerts.json');
    const alert = payload.alerts[0];
    if (alert) {
      delete alert.kibana.alert.reason;
      delete alert.kibana.alert.original_time;
    }
    expect(normalize(payload)[0]).toMatchObject({
      description: payload.rule.description,
      startsAt: '2026-11-24T09:13:07.512Z',
    });
  });

  it('rejects wrong types and missing fields, naming the field', () => {
    const wrongType = fixture('detection-alerts.json');
    (wrongType.rule as { risk_score: unknown }).risk_score = '73';
    expect(elasticSource.schema.safeParse(wrongType).error?.issues[0]?.path).toEqual(['rule', 'risk_score']);

    // The template's `{{context.alerts}}` without `.asJSON` renders a comma-joined string, not an array.
    const notJson = { ...fixture('detection-alerts.json'), alerts: '[object Object],[object Object]' };
    expect(elasticSource.schema.safeParse(notJson).error?.issues[0]?.path).toEqual(['alerts']);

    const unknownSeverity = fixture('detection-alerts.json');
    (unknownSeverity.rule as { severity: unknown }).severity = 'urgent';
    expect(elasticSource.schema.safeParse(unknownSeverity).error?.issues[0]?.path).toEqual(['rule', 'severity']);

    const missing = fixture('detection-alerts.json');
    delete (missing.alerts[1] as { _id?: string })._id;
    expect(elasticSource.schema.safeParse(missing).error?.issues[0]?.path).toEqual(['alerts', 1, '_id']);
  });
});
