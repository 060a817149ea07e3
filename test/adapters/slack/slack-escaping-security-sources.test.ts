// What an attacker controls on a monitored host (a command line, a file name, a pod name, a user name) travels inside
// security alerts. Falco, Wazuh and GuardDuty alerts carrying Slack markup in every field open a war room and wait in
// triage in Slack mode; then every recorded Slack call is scanned for the markup unescaped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';
import { HOSTILE, rawMarkupLeaks } from '../../support/slack-markup-leaks.js';

const SECRET = 'whsec-security-0123456789abcdef';
const TRIAGE = 'C0TRIAGE';

const policyFile = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-policy-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(
    file,
    readFileSync(new URL('../../../config/policy.yaml', import.meta.url), 'utf8').replace(
      'triage_channel: triage',
      `triage_channel: ${TRIAGE}`,
    ),
  );
  return file;
})();

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({
    WEBHOOK_SECRET_FALCO: SECRET,
    WEBHOOK_SECRET_WAZUH: SECRET,
    WEBHOOK_SECRET_GUARDDUTY: SECRET,
    WARROOM_POLICY: policyFile,
  });
  h.fake.seedChannel({ name: 'triage', id: TRIAGE, members: ['UBOT', 'U1', 'U2', 'U3'] });
});
afterAll(() => h.stop());

async function post(source: string, body: unknown): Promise<number> {
  const res = await fetch(`${h.app.url}/webhooks/alerts/${source}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.status;
}

describe('attacker-controlled text in security alerts, in Slack', () => {
  it('a Falco war room, a Wazuh and a GuardDuty triage alert carry the hostile text only escaped', async () => {
    // Critical: opens a war room (topic, purpose, page, alert summary).
    expect(
      await post('falco', {
        rule: `Terminal shell ${HOSTILE}`,
        priority: 'Critical',
        output: `12:00:00.000000000: Critical shell ${HOSTILE}`,
        hostname: `node-${HOSTILE}`,
        time: '2026-11-24T09:12:03.417Z',
        tags: [HOSTILE, 'T1059'],
        output_fields: {
          'k8s.ns.name': HOSTILE,
          'k8s.pod.name': HOSTILE,
          'proc.cmdline': HOSTILE,
          'user.name': HOSTILE,
          'container.id': 'abc',
        },
      }),
    ).toBe(202);
    // Medium and low: wait in triage.
    expect(
      await post('wazuh', {
        timestamp: '2026-11-24T09:12:03.417+0000',
        rule: {
          level: 10,
          description: `sshd: ${HOSTILE}`,
          id: '5763',
          mitre: { id: ['T1110'], tactic: [HOSTILE] },
          groups: [HOSTILE],
        },
        agent: { id: '003', name: HOSTILE, ip: '10.0.1.15' },
        full_log: `Failed password for ${HOSTILE}`,
        data: { srcip: '198.51.100.7', dstuser: HOSTILE },
        location: HOSTILE,
      }),
    ).toBe(202);
    expect(
      await post('guardduty', {
        'detail-type': 'GuardDuty Finding',
        source: 'aws.guardduty',
        detail: {
          id: 'hostile-1',
          type: 'UnauthorizedAccess:EC2/SSHBruteForce',
          title: `SSH brute force ${HOSTILE}`,
          description: HOSTILE,
          severity: 2,
          resource: {
            resourceType: 'Instance',
            instanceDetails: {
              instanceId: 'i-1',
              tags: [
                { key: 'Name', value: HOSTILE },
                { key: 'service', value: HOSTILE },
              ],
            },
          },
        },
      }),
    ).toBe(202);

    const room = () => h.fake.channels.find((c) => c.name.startsWith('inc-'));
    await h.fake.waitFor(() => (room()?.topic ?? '') !== '');
    await h.fake.waitFor(() =>
      h.fake.messages.some((m) => m.channel === room()?.id && /^\*Alerts\*/.test(m.text ?? '')),
    );
    await h.fake.waitFor(() => h.fake.messages.filter((m) => m.channel === TRIAGE).length >= 2);
    await h.fake.waitFor(() => h.app.store.outbox.countPending() === 0);

    expect(room()?.topic).toContain('&lt;!channel&gt;');
    expect(h.fake.messages.filter((m) => m.channel === TRIAGE).map((m) => m.text)).toEqual(
      expect.arrayContaining([expect.stringContaining('&lt;!channel&gt;')]),
    );
    expect(rawMarkupLeaks(h.fake)).toEqual([]);
  });
});
