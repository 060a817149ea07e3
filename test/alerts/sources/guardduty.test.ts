import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { guarddutySource } from '../../../src/alerts/sources/guardduty.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';
import { fixtureJson, useAlertRouteHarness } from '../../support/alert-route-harness.js';

/** A fresh copy of a fixture to edit (the detail is the finding). */
type Event = Record<string, unknown> & {
  detail: Record<string, unknown> & { service: Record<string, unknown>; resource: Record<string, unknown> };
};
const event = (name: string): Event => fixtureJson('guardduty', name) as Event;
const ctx = { receivedAt: new Date('2026-11-24T09:15:00Z') };
const normalize = (payload: unknown): NormalizedAlert[] =>
  guarddutySource.normalize(guarddutySource.schema.parse(payload), ctx);

describe('GuardDuty findings through POST /webhooks/alerts/guardduty', () => {
  const h = useAlertRouteHarness();

  // One fixture per payload the sender really sends: the CloudWatch Events era (2018) finding, today's EventBridge
  // finding for each kind of resource, an archived finding, and a "Generate sample findings" sample.
  it.each([
    [
      'cloudwatch-events-2018-port-probe.json',
      'Unprotected port on EC2 instance i-0e4c2a8f1b3d5a7c9 is being probed.',
      'low',
      'firing',
      '14b2013c2e4d1e38bd6a3c1d9c0e9b5f',
    ],
    [
      'ssh-brute-force.json',
      '198.51.100.7 is performing SSH brute force attacks against i-0a1b2c3d4e5f67890.',
      'low',
      'firing',
      'a2c8f0e4b6d1c3e5f7a9b1d3e5f7a9c1',
    ],
    [
      'runtime-monitoring-eks-reverse-shell.json',
      'A process in a container is running a reverse shell.',
      'high',
      'firing',
      'd8c9f1e2a3b4c5d6e7f8a9b0c1d2e3f4',
    ],
    [
      'credential-exfiltration-archived.json',
      'Credentials for instance role checkout-app-role used from external IP address.',
      'high',
      'resolved',
      '5e7d9b1f3a5c7e9b1d3f5a7c9e1b3d5f',
    ],
    [
      'sample-finding.json',
      '[SAMPLE] Bitcoin-related domain name queried by EC2 instance i-99999999.',
      'info',
      'firing',
      'b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0',
    ],
  ])(
    'accepts %s: 202, stored with its title, severity, status and fingerprint; a repeat counts up',
    async (file, title, severity, status, fingerprint) => {
      await h.expectStoredThenCounted('guardduty', file, { title, severity, status, fingerprint });
    },
  );

  it('puts a sample finding in triage, marked as a sample, never in a war room', () => {
    const sample = h.alerts('guardduty').find((a) => a.fingerprint === 'b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0');
    expect(sample).toMatchObject({ triage: 'pending', severity: 'info' });
    expect(sample?.normalized.labels).toMatchObject({ sample: 'true', severity_score: '8' });
  });

  it('reads a Runtime Monitoring finding (no action, no resource role): the pod as the resource, the cluster tag as the service', () => {
    const runtime = h.alerts('guardduty').find((a) => a.fingerprint === 'd8c9f1e2a3b4c5d6e7f8a9b0c1d2e3f4');
    expect(runtime?.service).toBe('checkout');
    expect(runtime?.normalized.asset).toEqual({
      host: 'ip-10-0-3-17.eu-central-1.compute.internal',
      ip: '10.0.3.17',
      cloudResource: 'shop/checkout-7d9f8b6c5d-x2k4q',
      user: null,
    });
    expect(runtime?.normalized.labels).toMatchObject({ feature: 'RuntimeMonitoring', resource_type: 'EKSCluster' });
    expect(runtime?.normalized.labels.resource_role).toBeUndefined();
  });

  it('reads the remote address of a port probe (2018 finding)', () => {
    const probe = h.alerts('guardduty').find((a) => a.fingerprint === '14b2013c2e4d1e38bd6a3c1d9c0e9b5f');
    expect(probe?.normalized.labels).toMatchObject({ remote_ip: '203.0.113.45', count: '16' });
  });

  it('accepts the severity as a string, a finding posted without the envelope (input path $.detail), and unknown fields', async () => {
    const asString = event('ssh-brute-force.json');
    asString.detail.id = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    asString.detail.severity = '8.5';
    asString.detail.newFieldFromAws = { nested: [1, 2, 3] };
    expect((await h.post('guardduty', asString)).status).toBe(202);
    expect(h.alerts('guardduty').at(-1)).toMatchObject({
      fingerprint: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      severity: 'high',
    });

    const bare = {
      ...event('runtime-monitoring-eks-reverse-shell.json').detail,
      id: 'bare0000bare0000bare0000bare0000',
    };
    expect((await h.post('guardduty', bare)).status).toBe(202);
    expect(h.alerts('guardduty').at(-1)).toMatchObject({
      fingerprint: 'bare0000bare0000bare0000bare0000',
      title: 'A process in a container is running a reverse shell.',
      severity: 'high',
    });
  });

  it('accepts a finding with only a type: the type is the title, the identity is computed', async () => {
    const res = await h.post('guardduty', {
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      detail: { type: 'Recon:EC2/Portscan', severity: 5, accountId: 111122223333 },
    });
    expect(res.status).toBe(202);
    expect(h.alerts('guardduty').at(-1)).toMatchObject({
      title: 'Recon:EC2/Portscan',
      severity: 'medium',
      fingerprint: stableFingerprint('guardduty', {
        arn: null,
        type: 'Recon:EC2/Portscan',
        title: null,
        account: '111122223333',
        region: null,
      }),
    });
  });

  // Malware Protection for S3 reports through a scan-result event, not a finding (and only that way without a detector);
  // a rule on `source: aws.guardduty` alone sends it here.
  it('takes a Malware Protection for S3 scan result: malware found is a high alert about the object, a repeat counts up', async () => {
    const before = h.alerts('guardduty').length;
    expect(await h.postFixture('guardduty', 'malware-protection-s3-object-scan-threats-found.json')).toEqual({
      status: 202,
      json: { ok: true, inboxId: expect.any(Number), alerts: 1 },
    });
    expect(h.alerts('guardduty')).toHaveLength(before + 1);
    const alert = h.alerts('guardduty').at(-1);
    expect(alert).toMatchObject({
      title: 'Malware in s3://uploads-prod-example/incoming/invoice-4127.pdf: EICAR-Test-File (not a virus)',
      severity: 'high',
      status: 'firing',
      externalId: '72c7d362-737a-6dce-fc78-9e27a0171419',
      triage: 'pending',
      receivedCount: 1,
    });
    expect(alert?.normalized).toMatchObject({
      asset: { cloudResource: 'arn:aws:s3:::uploads-prod-example/incoming/invoice-4127.pdf' },
      labels: {
        scan_result: 'THREATS_FOUND',
        threats: 'EICAR-Test-File (not a virus)',
        account: '111122223333',
        region: 'us-east-1',
      },
      startsAt: '2026-11-24T09:14:05.000Z',
    });
    expect((await h.postFixture('guardduty', 'malware-protection-s3-object-scan-threats-found.json')).status).toBe(202);
    expect(h.alerts('guardduty')).toHaveLength(before + 1);
    expect(h.alerts('guardduty').at(-1)).toMatchObject({ id: alert?.id, receivedCount: 2 });
  });

  it('accepts a clean scan result without raising anything, and shows an object it could not scan as a low alert', async () => {
    const before = h.alerts('guardduty').length;
    expect(await h.postFixture('guardduty', 'malware-protection-s3-object-scan-clean.json')).toEqual({
      status: 202,
      json: { ok: true, inboxId: expect.any(Number), alerts: 0 },
    });
    expect(h.alerts('guardduty')).toHaveLength(before);
    const denied = fixtureJson('guardduty', 'malware-protection-s3-object-scan-clean.json') as Event;
    denied.detail = {
      ...denied.detail,
      scanStatus: 'SKIPPED',
      scanResultDetails: { scanResultStatus: 'ACCESS_DENIED', threats: null },
    };
    expect((await h.post('guardduty', denied)).status).toBe(202);
    expect(h.alerts('guardduty')).toHaveLength(before + 1);
    expect(h.alerts('guardduty').at(-1)).toMatchObject({
      title: 'S3 object not scanned for malware (ACCESS_DENIED): s3://uploads-prod-example/incoming/report-4128.pdf',
      severity: 'low',
      triage: 'pending',
    });
  });

  it('an unhealthy runtime agent shows in triage (GuardDuty is blind there) and its Healthy event resolves the same alert', async () => {
    expect((await h.postFixture('guardduty', 'runtime-protection-unhealthy-eks.json')).status).toBe(202);
    const unhealthy = h.alerts('guardduty').at(-1);
    expect(unhealthy).toMatchObject({
      title: 'GuardDuty Runtime Protection Unhealthy: prod-shop (No agent reporting)',
      severity: 'low',
      status: 'firing',
      triage: 'pending',
    });
    expect(unhealthy?.normalized.labels).toMatchObject({
      resource_type: 'EKS',
      current_status: 'UNHEALTHY',
      previous_status: 'HEALTHY',
      region: 'eu-central-1',
    });
    expect((await h.postFixture('guardduty', 'runtime-protection-healthy-eks.json')).status).toBe(202);
    const healthy = h.alerts('guardduty').at(-1);
    expect(healthy).toMatchObject({ fingerprint: unhealthy?.fingerprint, status: 'resolved' });
  });

  it('rejects a body with no usable title, naming the fields it looked for', async () => {
    const before = h.alerts('guardduty').length;
    for (const body of [
      {},
      {
        'detail-type': 'AWS API Call via CloudTrail',
        detail: { eventSource: 'guardduty.amazonaws.com', eventName: 'ListDetectors' },
      },
      { detail: { title: '', type: null, id: '  ' } },
    ]) {
      const res = await h.post('guardduty', body);
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ ok: false, lookedFor: ['detail.title', 'detail.type', 'detail.id'] });
      for (const field of ['detail.title', 'detail.type', 'detail.id']) expect(res.json.error).toContain(field);
    }
    expect(h.alerts('guardduty')).toHaveLength(before);
  });
});

describe('GuardDuty finding mapping', () => {
  it('maps an EC2 finding: instance as the asset, the service tag, the finding id as identity', () => {
    const [alert] = normalize(event('ssh-brute-force.json'));
    expect(NormalizedAlert.parse(alert)).toEqual(alert);
    expect(alert).toEqual({
      source: 'guardduty',
      externalId: 'a2c8f0e4b6d1c3e5f7a9b1d3e5f7a9c1',
      fingerprint: 'a2c8f0e4b6d1c3e5f7a9b1d3e5f7a9c1',
      title: '198.51.100.7 is performing SSH brute force attacks against i-0a1b2c3d4e5f67890.',
      description:
        '198.51.100.7 is performing SSH brute force attacks against i-0a1b2c3d4e5f67890. Brute force attacks are used to gain unauthorized access to your instance by guessing the SSH password.',
      severity: 'low',
      status: 'firing',
      service: 'bastion',
      asset: { host: 'bastion-1', ip: '10.0.12.34', cloudResource: 'i-0a1b2c3d4e5f67890', user: null },
      labels: {
        finding_type: 'UnauthorizedAccess:EC2/SSHBruteForce',
        account: '111122223333',
        region: 'us-east-1',
        resource_type: 'Instance',
        severity_score: '2',
        count: '14',
        resource_role: 'TARGET',
        remote_ip: '198.51.100.7',
      },
      links: [
        {
          title: 'GuardDuty console',
          url: 'https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?macros=current&fId=a2c8f0e4b6d1c3e5f7a9b1d3e5f7a9c1',
        },
      ],
      startsAt: '2026-11-24T08:58:40.000Z',
      endsAt: null,
      attackTechniques: [],
    });
  });

  it('maps an archived access-key finding to resolved, with the user as the asset', () => {
    const [alert] = normalize(event('credential-exfiltration-archived.json'));
    expect(alert).toMatchObject({
      fingerprint: '5e7d9b1f3a5c7e9b1d3f5a7c9e1b3d5f',
      severity: 'high',
      status: 'resolved',
      service: null,
      asset: { host: null, ip: null, cloudResource: null, user: 'checkout-app-role' },
      endsAt: '2026-11-24T11:39:50.877Z',
    });
    expect(alert?.labels.remote_ip).toBe('203.0.113.9');
  });

  it('fits tag values longer than NormalizedAlert allows (AWS allows 256 characters)', () => {
    const payload = event('ssh-brute-force.json');
    const details = payload.detail.resource.instanceDetails as { tags: Array<{ key: string; value: string }> };
    details.tags.splice(0, 2, { key: 'Name', value: 'n'.repeat(256) }, { key: 'service', value: 's'.repeat(256) });
    const [alert] = normalize(payload);
    expect(NormalizedAlert.parse(alert)).toEqual(alert);
    expect(alert?.service).toHaveLength(200);
    expect(alert?.asset.host).toHaveLength(255);
  });

  it.each([
    [0.5, 'info'],
    [1, 'low'],
    [3.9, 'low'],
    [4, 'medium'],
    ['6.9', 'medium'],
    [7, 'high'],
    [8.9, 'high'],
    ['9', 'critical'],
    [10, 'critical'],
    ['High', 'high'],
    [null, 'medium'],
    ['unknown', 'medium'],
  ])('severity %s maps to %s (AWS bands; a missing score is not assumed harmless)', (score, expected) => {
    const payload = event('ssh-brute-force.json');
    payload.detail.severity = score;
    expect(normalize(payload)[0]?.severity).toBe(expected);
  });

  it('links to the console only for a real region name in the commercial partition', () => {
    const forged = event('ssh-brute-force.json');
    forged.detail.region = 'evil.example/#';
    expect(normalize(forged)[0]?.links).toEqual([]);
    const china = event('ssh-brute-force.json');
    china.detail.partition = 'aws-cn';
    expect(normalize(china)[0]?.links).toEqual([]);
  });

  it('extracts ATT&CK technique ids from the finding text', () => {
    const payload = event('ssh-brute-force.json');
    payload.detail.description = 'Password guessing (T1110.001) against SSH, see also T1110.';
    expect(normalize(payload)[0]?.attackTechniques).toEqual(['T1110.001', 'T1110']);
  });
});
