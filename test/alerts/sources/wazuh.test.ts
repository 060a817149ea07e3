import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { wazuhSource } from '../../../src/alerts/sources/wazuh.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';
import { useAlertRouteHarness } from '../../support/alert-route-harness.js';

const raw = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/wazuh/${name}`, import.meta.url), 'utf8'));
/** A fresh copy of a fixture to edit. */
type Alert = Record<string, unknown> & {
  rule: Record<string, unknown>;
  agent: Record<string, unknown>;
  data?: Record<string, unknown>;
};
const fixture = (name: string): Alert => raw(name) as Alert;
const ctx = { receivedAt: new Date('2026-11-24T09:12:05Z') };
const normalize = (payload: unknown): NormalizedAlert[] =>
  wazuhSource.normalize(wazuhSource.schema.parse(payload), ctx);

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
    payload.rule.mitre = {
      id: ['T1110.001', 'T1021.004'],
      tactic: ['Credential Access', 'Lateral Movement'],
      technique: ['Password Guessing', 'SSH'],
    };
    expect(normalize(payload)[0]?.attackTechniques).toEqual(['T1110.001', 'T1021.004']);
    delete payload.rule.mitre;
    expect(normalize(payload)[0]?.attackTechniques).toEqual([]);
  });

  it('reads a level sent as text, clamps odd levels, and treats a missing level as medium', () => {
    const payload = fixture('sshd-brute-force.json');
    payload.rule.level = '12';
    expect(normalize(payload)[0]?.severity).toBe('high');
    payload.rule.level = 17;
    expect(normalize(payload)[0]?.severity).toBe('critical');
    delete payload.rule.level;
    expect(normalize(payload)[0]).toMatchObject({ severity: 'medium' });
  });

  it('accepts a rule id sent as a number and an agent without an id (same identity as the text id)', () => {
    const payload = fixture('sshd-brute-force.json');
    payload.rule.id = 5763;
    expect(normalize(payload)[0]?.fingerprint).toBe(normalize(raw('sshd-brute-force.json'))[0]?.fingerprint);
    delete payload.agent.id;
    expect(normalize(payload)[0]?.fingerprint).toBe(
      stableFingerprint('wazuh', { rule: '5763', agent: 'web-01', srcip: '198.51.100.7' }),
    );
  });
});

describe('Wazuh alerts through POST /webhooks/alerts/wazuh', () => {
  const h = useAlertRouteHarness();

  // Wazuh 3.x (no mitre block, file integrity under syscheck) and 4.x alerts (mitre ids; eventchannel data).
  it.each([
    [
      'syscheck-file-modified-3x.json',
      'Integrity checksum changed.',
      'medium',
      stableFingerprint('wazuh', { rule: '550', agent: '001', srcip: null, path: '/etc/passwd' }),
    ],
    [
      'sshd-brute-force.json',
      'sshd: brute force trying to get access to the system. Authentication failed.',
      'medium',
      stableFingerprint('wazuh', { rule: '5763', agent: '003', srcip: '198.51.100.7' }),
    ],
    [
      'windows-admin-group-change.json',
      'Administrators Group Changed',
      'high',
      stableFingerprint('wazuh', { rule: '60154', agent: '007', srcip: null }),
    ],
  ])(
    'accepts %s: 202, stored with its title, severity and fingerprint; a repeat counts up',
    async (file, title, severity, fingerprint) => {
      await h.expectStoredThenCounted('wazuh', file, { title, severity, status: 'firing', fingerprint });
    },
  );

  it("accepts the message of Wazuh's built-in Shuffle integration (the alert under all_fields) as that alert", async () => {
    const direct = h.alerts('wazuh').find((a) => a.title.startsWith('sshd: brute force'));
    expect(direct).toBeDefined();
    expect(await h.postFixture('wazuh', 'shuffle-integration-message.json')).toEqual({
      status: 202,
      json: { ok: true, inboxId: expect.any(Number), alerts: 1 },
    });
    // The same alert as posted directly: same identity, so it counts up instead of opening a second one.
    const after = h.alerts('wazuh').find((a) => a.id === direct?.id);
    expect(after).toMatchObject({
      fingerprint: direct?.fingerprint,
      receivedCount: (direct?.receivedCount ?? 0) + 1,
      severity: 'medium',
    });
    expect(after?.normalized).toMatchObject({
      asset: { host: 'web-01', ip: '10.0.1.15', user: 'root' },
      attackTechniques: ['T1110'],
      labels: { rule_id: '5763', srcip: '198.51.100.7' },
    });
  });

  it('labels the 3.x file integrity alert with the changed path, without ATT&CK ids', () => {
    const fim = h.alerts('wazuh').find((a) => a.title === 'Integrity checksum changed.');
    expect(fim?.normalized).toMatchObject({
      labels: { path: '/etc/passwd', rule_level: '7', groups: 'ossec,syscheck' },
      attackTechniques: [],
      asset: { host: 'web-legacy', ip: '10.0.0.21' },
    });
  });

  it('accepts rule.level and rule.id as a forwarder re-typed them (level text, id number)', async () => {
    const body = { ...fixture('sshd-brute-force.json'), id: '1795511999.1' };
    body.rule = { ...body.rule, level: '15', id: 100200, description: 'Custom rule from a forwarder' };
    expect((await h.post('wazuh', body)).status).toBe(202);
    expect(h.alerts('wazuh').at(-1)).toMatchObject({
      title: 'Custom rule from a forwarder',
      severity: 'critical',
      fingerprint: stableFingerprint('wazuh', { rule: '100200', agent: '003', srcip: '198.51.100.7' }),
    });
  });

  it('rejects a body with no usable title, naming the fields it looked for', async () => {
    const before = h.alerts('wazuh').length;
    for (const body of [
      {},
      { agent: { id: '003' }, full_log: 'Nov 24 sshd[1]: Failed password' },
      { rule: { level: 10, description: '', id: null } },
    ]) {
      const res = await h.post('wazuh', body);
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ ok: false, lookedFor: ['rule.description', 'rule.id'] });
      for (const field of ['rule.description', 'rule.id']) expect(res.json.error).toContain(field);
    }
    expect(h.alerts('wazuh')).toHaveLength(before);
  });
});
