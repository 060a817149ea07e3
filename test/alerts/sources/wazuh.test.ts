import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { wazuhSource } from '../../../src/alerts/sources/wazuh.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';

const raw = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/alerts/wazuh/${name}`, import.meta.url), 'utf8'));
/** A typed, parsed copy to tweak; normalize re-validates it. */
const fixture = (name: string) => wazuhSource.schema.parse(raw(name));
const ctx = { receivedAt: new Date('2026-11-24T09:12:05Z') };
const normalize = (payload: unknown): NormalizedAlert[] => wazuhSource.normalize(wazuhSource.schema.parse(payload), ctx);

describe('Wazuh alert from a custom integration', () => {
  it('parses every fixture into valid normalized alerts', () => {
    for (const name of ['sshd-brute-force.json', 'windows-admin-group-change.json']) {
      const alerts = normalize(raw(name));
      expect(alerts).toHaveLength(1);
      for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    }
  });

  it('maps an sshd brute-force alert', () => {
    const [alert] = normalize(raw('sshd-brute-force.json'));
    expect(alert).toEqual({
      source: 'wazuh',
      externalId: '1795511523.4471902',
      fingerprint: stableFingerprint('wazuh', { rule: '5763', agent: '003', srcip: '198.51.100.7' }),
      title: 'sshd: brute force trying to get access to the system. Authentication failed.',
      description: 'Nov 24 09:12:03 web-01 sshd[20313]: Failed password for root from 198.51.100.7 port 52144 ssh2',
      severity: 'medium',
      status: 'firing',
      service: null,
      asset: { host: 'web-01', ip: '10.0.1.15', cloudResource: null, user: 'root' },
      labels: {
        rule_id: '5763',
        rule_level: '10',
        agent_id: '003',
        agent_name: 'web-01',
        manager: 'wazuh-manager',
        location: '/var/log/auth.log',
        groups: 'syslog,sshd,authentication_failures',
        decoder: 'sshd',
        srcip: '198.51.100.7',
        mitre_tactics: 'Credential Access',
      },
      links: [],
      startsAt: '2026-11-24T09:12:03.417Z',
      endsAt: null,
      attackTechniques: ['T1110'],
    });
  });

  it('maps a Windows eventchannel alert: no full_log, the event message as description, no srcip', () => {
    const [alert] = normalize(raw('windows-admin-group-change.json'));
    expect(alert).toMatchObject({
      title: 'Administrators Group Changed',
      description: '"A member was added to a security-enabled local group."',
      severity: 'high',
      asset: { host: 'win-dc-01', ip: '10.20.0.10', cloudResource: null, user: null },
      fingerprint: stableFingerprint('wazuh', { rule: '60154', agent: '007', srcip: null }),
      attackTechniques: ['T1484'],
    });
    expect(alert?.labels.srcip).toBeUndefined();
  });

  it('gives a repeat from the same source the same fingerprint, and another source a new one', () => {
    const repeat = fixture('sshd-brute-force.json');
    repeat.id = '1795511583.4472551';
    repeat.timestamp = '2026-11-24T09:13:03.101+0000';
    repeat.rule.firedtimes = 2;
    const first = normalize(raw('sshd-brute-force.json'))[0];
    expect(normalize(repeat)[0]?.fingerprint).toBe(first?.fingerprint);
    repeat.data = { ...repeat.data, srcip: '203.0.113.9' };
    expect(normalize(repeat)[0]?.fingerprint).not.toBe(first?.fingerprint);
  });

  it('treats an agent registered as "any" as having no known address', () => {
    const payload = fixture('sshd-brute-force.json');
    payload.agent.ip = 'any';
    expect(normalize(payload)[0]?.asset.ip).toBeNull();
  });

  it.each([
    [0, 'info'],
    [3, 'info'],
    [4, 'low'],
    [6, 'low'],
    [7, 'medium'],
    [11, 'medium'],
    [12, 'high'],
    [14, 'high'],
    [15, 'critical'],
    [16, 'critical'],
  ])('rule level %i maps to %s', (level, expected) => {
    const payload = fixture('sshd-brute-force.json');
    payload.rule.level = level;
    expect(normalize(payload)[0]?.severity).toBe(expected);
  });

  it('takes ATT&CK ids from rule.mitre.id, sub-techniques included', () => {
    const payload = fixture('sshd-brute-force.json');
    payload.rule.mitre = { id: ['T1110.001', 'T1021.004'], tactic: ['Credential Access', 'Lateral Movement'], technique: ['Password Guessing', 'SSH'] };
    expect(normalize(payload)[0]?.attackTechniques).toEqual(['T1110.001', 'T1021.004']);
    delete payload.rule.mitre;
    expect(normalize(payload)[0]?.attackTechniques).toEqual([]);
  });

  it('rejects wrong types and missing fields, naming the field', () => {
    const wrongType = fixture('sshd-brute-force.json');
    (wrongType.rule as { level: unknown }).level = '10';
    expect(wazuhSource.schema.safeParse(wrongType).error?.issues[0]?.path).toEqual(['rule', 'level']);

    const outOfRange = fixture('sshd-brute-force.json');
    outOfRange.rule.level = 17;
    expect(wazuhSource.schema.safeParse(outOfRange).error?.issues[0]?.path).toEqual(['rule', 'level']);

    const missing = fixture('sshd-brute-force.json');
    delete (missing.agent as { id?: string }).id;
    expect(wazuhSource.schema.safeParse(missing).error?.issues[0]?.path).toEqual(['agent', 'id']);
  });
});
