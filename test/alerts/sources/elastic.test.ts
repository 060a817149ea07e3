import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { elasticSource } from '../../../src/alerts/sources/elastic.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';
import { fixtureJson, useAlertRouteHarness } from '../../support/alert-route-harness.js';

const raw = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/elastic/${name}`, import.meta.url), 'utf8'));
/** A fresh copy of a fixture to edit. */
interface AlertDoc extends Record<string, unknown> {
  kibana: { alert: Record<string, unknown> };
}
type Payload = Record<string, unknown> & { rule: Record<string, unknown>; alerts: AlertDoc[] };
const fixture = (name: string): Payload => raw(name) as Payload;
const ctx = { receivedAt: new Date('2026-11-24T09:14:00Z') };
const normalize = (payload: unknown): NormalizedAlert[] =>
  elasticSource.normalize(elasticSource.schema.parse(payload), ctx);

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

  it('reads a quoted risk score, references joined by commas, and severity from the risk score when no word is known', () => {
    const payload = fixture('detection-alerts.json');
    payload.rule.risk_score = '80';
    payload.rule.severity = 'urgent';
    payload.rule.references = 'https://attack.mitre.org/techniques/T1059/001/,https://wiki.example.com/x';
    for (const alert of payload.alerts) {
      delete alert.kibana.alert.severity;
      delete alert.kibana.alert.risk_score;
    }
    const [alert] = normalize(payload);
    expect(alert).toMatchObject({ severity: 'critical', labels: { risk_score: '80' } });
    expect(alert?.links.map((l) => l.url)).toContain('https://wiki.example.com/x');
  });

  it('reads alert documents with flat dotted keys as well as nested ones', () => {
    const payload = fixture('detection-alerts.json');
    const [nested] = normalize(payload);
    const doc = payload.alerts[0] as AlertDoc;
    const a = doc.kibana.alert as { rule: { name: string }; severity: string; reason: string; original_time: string };
    const flat = {
      _id: doc._id,
      '@timestamp': doc['@timestamp'],
      'kibana.alert.rule.name': a.rule.name,
      'kibana.alert.severity': a.severity,
      'kibana.alert.reason': a.reason,
      'kibana.alert.original_time': a.original_time,
      'host.name': 'win-app-01',
      'user.name': 'svc_backup',
    };
    const [fromFlat] = normalize({ ...payload, alerts: [flat] });
    expect(fromFlat).toMatchObject({
      fingerprint: nested?.fingerprint,
      title: nested?.title,
      severity: nested?.severity,
      description: nested?.description,
      startsAt: nested?.startsAt,
      asset: { host: 'win-app-01', user: 'svc_backup' },
    });
  });

  it('gives one alert for the rule when the template rendered alerts as text or sent none', () => {
    const notJson = { ...fixture('detection-alerts.json'), alerts: '[object Object],[object Object]' };
    expect(normalize(notJson)).toEqual([
      expect.objectContaining({ title: 'Encoded PowerShell Command Launched by Office Application', severity: 'high' }),
    ]);
    const none = { rule: { id: 'r-1', name: 'Rule with a summary action', risk_score: 21 } };
    expect(normalize(none)).toEqual([
      expect.objectContaining({
        title: 'Rule with a summary action',
        severity: 'low',
        fingerprint: stableFingerprint('elastic', { rule: 'r-1', parents: null, originalTime: null }),
      }),
    ]);
  });
});

describe('Elastic Security through POST /webhooks/alerts/elastic', () => {
  const h = useAlertRouteHarness();

  const legacyFingerprint = stableFingerprint('elastic', {
    rule: '0c8f4e1a-3d2b-11ec-9bbc-0242ac130002',
    parents: 'pZk0738BwL1xT0kq3J5A',
    originalTime: '2021-11-04T12:44:31.207Z',
  });

  // 7.x legacy signals (signal.*, no _id) and 8.x alerts (kibana.alert.*), both through the documented body template.
  it.each([
    [
      'legacy-signals-7x.json',
      [{ title: 'Suspicious MS Office Child Process', severity: 'medium', fingerprint: legacyFingerprint }],
    ],
    [
      'detection-alerts.json',
      [
        {
          title: 'Encoded PowerShell Command Launched by Office Application',
          severity: 'high',
          fingerprint: '6d2f8a3c0b5e41f79c4a1e2b3d5f7a9c0e1b2d3f4a5c6e7f8091a2b3c4d5e6f7',
        },
        {
          title: 'Encoded PowerShell Command Launched by Office Application',
          severity: 'critical',
          fingerprint: '0b9e7c5a3f1d4b2e8c6a4f2d0b8e6c4a2f0d8b6e4c2a0f8d6b4e2c0a8f6d4b2e',
        },
      ],
    ],
  ])(
    'accepts %s: 202, each alert stored with its title, severity and fingerprint; a repeat counts up',
    async (file, expected) => {
      const before = h.alerts('elastic').length;
      expect(await h.postFixture('elastic', file)).toEqual({
        status: 202,
        json: { ok: true, inboxId: expect.any(Number), alerts: expected.length },
      });
      const stored = h.alerts('elastic').slice(before);
      expect(stored).toHaveLength(expected.length);
      expected.forEach((e, i) => expect(stored[i]).toMatchObject({ ...e, status: 'firing', receivedCount: 1 }));
      expect((await h.postFixture('elastic', file)).status).toBe(202);
      expect(
        h
          .alerts('elastic')
          .slice(before)
          .map((a) => [a.fingerprint, a.receivedCount]),
      ).toEqual(expected.map((e) => [e.fingerprint, 2]));
    },
  );

  // A rule run with the default max_signals (100) posts 100 alert documents, each repeating the rule's investigation
  // guide: far more than the 1 MiB other senders get, and Kibana does not retry a 413.
  it('accepts one rule run of 100 full alert documents (over 1 MiB), and still refuses a body past 16 MiB', async () => {
    const body = fixtureJson('elastic', 'detection-alerts.json') as { alerts: Array<Record<string, unknown>> };
    const template = body.alerts[0] as Record<string, unknown> & {
      kibana: { alert: { rule: Record<string, unknown> } };
    };
    const guide = `## Triage and analysis\n\n${'Review the process tree, the parent Office document and the encoded command. '.repeat(200)}`;
    body.alerts = Array.from({ length: 100 }, (_, i) => ({
      ...template,
      _id: `run-2-alert-${i}`,
      kibana: {
        ...template.kibana,
        alert: {
          ...template.kibana.alert,
          uuid: `run-2-alert-${i}`,
          rule: { ...template.kibana.alert.rule, note: guide },
        },
      },
    }));
    const text = JSON.stringify(body);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const before = h.alerts('elastic').length;
    expect(await h.post('elastic', text)).toEqual({
      status: 202,
      json: { ok: true, inboxId: expect.any(Number), alerts: 100 },
    });
    expect(
      h
        .alerts('elastic')
        .slice(before)
        .map((a) => a.fingerprint),
    ).toEqual(body.alerts.map((a) => a._id));

    const tooBig = await h.post('elastic', JSON.stringify({ ...body, padding: 'x'.repeat(16 * 1024 * 1024) }));
    expect(tooBig.status).toBe(413);
    expect(h.alerts('elastic')).toHaveLength(before + 100);
  });

  it('maps a legacy signal like a current alert: reason, source time, host, user, techniques', () => {
    const legacy = h.alerts('elastic').find((a) => a.fingerprint === legacyFingerprint);
    expect(legacy?.normalized).toMatchObject({
      externalId: null,
      description:
        'process event with process cmd.exe, parent process WINWORD.EXE, by j.berg on win-hr-03 created medium alert Suspicious MS Office Child Process.',
      asset: { host: 'win-hr-03', ip: '10.20.2.31', user: 'j.berg' },
      labels: { rule_id: '7f3c9a1e-2b4d-4e6f-8a0c-1d3f5b7e9a2c', risk_score: '47' },
      startsAt: '2021-11-04T12:44:31.207Z',
      attackTechniques: ['T1566', 'T1566.001'],
    });
  });

  it('rejects a body with no usable title, naming the fields it looked for', async () => {
    const before = h.alerts('elastic').length;
    const lookedFor = ['rule.name', 'alerts[].kibana.alert.rule.name', 'alerts[].signal.rule.name', 'alerts[]._id'];
    for (const body of [
      {},
      { rule: { name: '', severity: 'high' }, results_link: 'https://kibana.example.com/' },
      { alerts: [{ '@timestamp': '2026-11-24T09:13:07.512Z', host: { name: 'x' } }] },
    ]) {
      const res = await h.post('elastic', body);
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ ok: false, lookedFor });
      for (const field of lookedFor) expect(res.json.error).toContain(field);
    }
    expect(h.alerts('elastic')).toHaveLength(before);
  });
});
