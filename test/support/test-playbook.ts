import { Playbook } from '../../src/core/playbook/playbook-schema.js';

/** A small playbook with one step of each kind; a title mentioning "ransom" attaches it. */
export const ransomwarePlaybook = Playbook.parse({
  id: 'host-ransomware',
  title: 'Ransomware on a host',
  version: 1,
  description: 'test',
  roles: ['lead', 'security', 'ops'],
  triggers: [{ title_contains: ['ransom'] }],
  stages: [
    {
      id: 'triage',
      title: 'Triage',
      steps: [
        { id: 'scope', title: 'Identify <affected> hosts', type: 'check' },
        {
          id: 'joined',
          title: 'Domain-joined?',
          type: 'decision',
          question: 'Is the host domain-joined?',
          answers: [
            { label: 'Yes', next: [] },
            { label: 'No', next: [] },
          ],
        },
        {
          id: 'isolate',
          title: 'Isolate the host',
          type: 'action',
          action: 'isolate_host',
          params: { host: 'fin-ws-12' },
          owner: 'ops',
          approver: 'lead',
        },
      ],
    },
  ],
});
