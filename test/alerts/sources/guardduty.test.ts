import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { guarddutySource } from '../../../src/alerts/sources/guardduty.js';

const raw = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/alerts/guardduty/${name}`, import.meta.url), 'utf8'));
/** A typed, parsed copy to tweak; normalize re-validates it. */
const fixture = (name: string) => guarddutySource.schema.parse(raw(name));
const ctx = { receivedAt: new Date('2026-11-24T09:15:00Z') };
const normalize = (payload: unknown): NormalizedAlert[] => guarddutySource.normalize(guarddutySource.schema.parse(payload), ctx);

describe('GuardDuty finding via EventBridge', () => {
  it('parses every fixture into valid normalized alerts', () => {
    for (const name of ['ssh-brute-force.json', 'credential-exfiltration-archived.json']) {
      const alerts = normalize(raw(name));
      expect(alerts).toHaveLength(1);
      for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    }
  });

  it('maps an EC2 finding: instance as the asset, the service tag, the finding id as identity', () => {
    const [alert] = normalize(fixture('ssh-brute-force.json'));
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
    const [alert] = normalize(fixture('credential-exfiltration-archived.json'));
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

  it('keeps the fingerprint when the same finding is updated (count grows)', () => {
    const again = fixture('ssh-brute-force.json');
    again.detail.service.count = 40;
    again.detail.updatedAt = '2026-11-24T10:13:58.102Z';
    expect(normalize(again)[0]?.fingerprint).toBe(normalize(fixture('ssh-brute-force.json'))[0]?.fingerprint);
  });

  it('fits tag values longer than NormalizedAlert allows (AWS allows 256 characters)', () => {
    const payload = fixture('ssh-brute-force.json');
    payload.detail.resource.instanceDetails?.tags?.splice(0, 2, { key: 'Name', value: 'n'.repeat(256) }, { key: 'service', value: 's'.repeat(256) });
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
    [6.9, 'medium'],
    [7, 'high'],
    [8.9, 'high'],
    [9, 'critical'],
    [10, 'critical'],
  ])('severity %s maps to %s (AWS bands)', (score, expected) => {
    const payload = fixture('ssh-brute-force.json');
    payload.detail.severity = score;
    expect(normalize(payload)[0]?.severity).toBe(expected);
  });

  it('extracts ATT&CK technique ids from the finding text', () => {
    const payload = fixture('ssh-brute-force.json');
    payload.detail.description = 'Password guessing (T1110.001) against SSH, see also T1110.';
    expect(normalize(payload)[0]?.attackTechniques).toEqual(['T1110.001', 'T1110']);
  });

  it('rejects wrong types and missing fields, naming the field', () => {
    const wrongType = fixture('ssh-brute-force.json');
    (wrongType.detail as { severity: unknown }).severity = '8';
    expect(guarddutySource.schema.safeParse(wrongType).error?.issues[0]?.path).toEqual(['detail', 'severity']);

    const otherEvent = { ...fixture('ssh-brute-force.json'), 'detail-type': 'GuardDuty Runtime Protection Healthy' };
    expect(guarddutySource.schema.safeParse(otherEvent).error?.issues[0]?.path).toEqual(['detail-type']);

    const missing = fixture('ssh-brute-force.json');
    delete (missing.detail as { id?: string }).id;
    expect(guarddutySource.schema.safeParse(missing).error?.issues[0]?.path).toEqual(['detail', 'id']);
  });
});
