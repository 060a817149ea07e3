// Resolving with playbook work still open: the verb refuses until the person confirms, names what is open, records it
// on the resolve's timeline entry, and the postmortem and the stats show it. A resolve redone cleanly counts clean.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackFmt } from '../../src/adapters/slack/slack-fmt.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { OpenWorkError } from '../../src/core/incident/open-work-error.js';
import { computeIncidentStats } from '../../src/core/metrics/compute-incident-stats.js';
import { completeStep } from '../../src/core/playbook/act-on-step.js';
import { attachPlaybook } from '../../src/core/playbook/attach-playbook.js';
import { Playbook } from '../../src/core/playbook/playbook-schema.js';
import { loadPostmortemReport } from '../../src/core/postmortem/postmortem-report.js';
import { renderPostmortemMarkdown } from '../../src/core/postmortem/render-postmortem-markdown.js';
import { startPostmortem } from '../../src/core/postmortem/start-postmortem.js';
import { verifyTimelineChain } from '../../src/core/timeline/verify-timeline-chain.js';
import type { CoreSettings } from '../../src/core/context.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const playbook = Playbook.parse({
  id: 'host-ransomware',
  title: 'Ransomware on a host',
  version: 1,
  description: 'test',
  roles: ['security', 'ops'],
  stages: [
    {
      id: 'containment',
      title: 'Contain',
      steps: [
        { id: 'isolate', title: 'Isolate the host', type: 'check', owner: 'ops' },
        { id: 'block', title: 'Block the C2 <domain> & IP', type: 'check', owner: 'security' },
        { id: 'rotate', title: 'Rotate credentials', type: 'check', depends_on: ['isolate'] },
      ],
    },
    {
      id: 'eradication',
      title: 'Eradicate',
      steps: [
        { id: 'reimage', title: 'Reimage', type: 'check' },
        { id: 'scan', title: 'Scan the fleet', type: 'check' },
      ],
    },
    { id: 'recovery', title: 'Recover', steps: [{ id: 'restore', title: 'Restore from backup', type: 'check' }] },
  ],
});

let t: TestStore;
let settings: Partial<CoreSettings>;
let incidentId: number;
let runId: number;
beforeEach(() => {
  t = openTestStore();
  settings = { playbooks: [playbook] };
  incidentId = declareIncident({
    ctx: t.ctx('alice', settings),
    input: { title: 'ransom note on fs-3', severity: 'sev3' },
  }).id;
  runId = attachPlaybook({ ctx: t.ctx('alice', settings), input: { incidentId, playbookId: 'host-ransomware' } }).id;
});
afterEach(() => t.close());

const OPEN_TEXT =
  '3 containment steps are still open: Isolate the host, Block the C2 <domain> & IP, Rotate credentials; later stages never started: Eradicate (2 steps), Recover (1 step).';

const resolve = (confirmOpenWork: boolean, actor = 'alice') =>
  changeStatus({
    ctx: t.ctx(actor, settings),
    input: { incidentId, status: 'resolved', via: 'button', confirmOpenWork },
  });
const statusEntries = () =>
  t.store.timeline
    .forIncident(incidentId)
    .filter((e) => e.kind === 'status.changed')
    .map((e) => JSON.parse(e.payload) as Record<string, unknown>);

describe('resolve with playbook work open', () => {
  it('refuses an unconfirmed resolve, naming the open steps and the stages never started, and changes nothing', () => {
    const before = t.store.timeline.forIncident(incidentId).length;
    let refused: unknown;
    try {
      resolve(false);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(OpenWorkError);
    // The message is plain text (logs, form errors); each surface writes the marks its own way.
    expect((refused as OpenWorkError).message).toBe(
      `${OPEN_TEXT} To resolve INC-0001 anyway, press Resolve and confirm, or type \`/incident resolve anyway\`.`,
    );
    // On Slack the step titles are escaped like any text people wrote.
    expect((refused as OpenWorkError).describe(slackFmt)).toBe(
      `${OPEN_TEXT.replace('<domain> &', '&lt;domain&gt; &amp;')} To resolve INC-0001 anyway, press *Resolve* and confirm, or type \`/incident resolve anyway\`.`,
    );
    expect(t.store.incidents.byId(incidentId)?.status).toBe('declared');
    expect(t.store.timeline.forIncident(incidentId)).toHaveLength(before);
  });

  it('confirmed: resolves and records what was open on the resolve entry; the postmortem and the stats show it', () => {
    completeStep({ ctx: t.ctx('alice', settings), input: { runId, stepId: 'isolate' } });
    resolve(true, 'bob');
    expect(t.store.incidents.byId(incidentId)?.status).toBe('resolved');
    expect(statusEntries().at(-1)).toEqual({
      from: 'declared',
      to: 'resolved',
      note: null,
      via: 'button',
      openWork: {
        steps: [
          { playbookId: 'host-ransomware', stage: 'containment', stepId: 'block', title: 'Block the C2 <domain> & IP' },
          { playbookId: 'host-ransomware', stage: 'containment', stepId: 'rotate', title: 'Rotate credentials' },
        ],
        stages: [
          { playbookId: 'host-ransomware', stage: 'eradication', title: 'Eradicate', steps: 2 },
          { playbookId: 'host-ransomware', stage: 'recovery', title: 'Recover', steps: 1 },
        ],
      },
    });
    expect(verifyTimelineChain(t.store.timeline.forIncident(incidentId)).ok).toBe(true);

    const incident = t.store.incidents.byId(incidentId);
    const { postmortem } = startPostmortem({ ctx: t.ctx('bob', settings), input: { incidentId } });
    const markdown = renderPostmortemMarkdown(
      loadPostmortemReport(t.store, incident ?? (undefined as never), postmortem),
      { timeZone: 'UTC' },
    );
    expect(markdown).toContain(
      [
        '## Open at resolve',
        '',
        'Resolved 2026-11-24 09:00:00 (UTC) by @bob, who confirmed that this playbook work was still open:',
        '',
        '- containment: Block the C2 \\<domain\\> \\& IP (`host-ransomware/block`)',
        '- containment: Rotate credentials (`host-ransomware/rotate`)',
        '- never started: Eradicate, 2 step(s) (`host-ransomware`, eradication)',
        '- never started: Recover, 1 step(s) (`host-ransomware`, recovery)',
      ].join('\n'),
    );
    // The timeline line says it too, escaped like every other title in the document.
    expect(markdown).toContain(
      'resolved with playbook work still open (confirmed): 2 containment steps are still open: Block the C2 \\<domain\\> \\& IP, Rotate credentials;',
    );

    // The stats window ends now and the incident was declared at the same instant: a minute later it is inside.
    t.clock.advance(60_000);
    const stats = computeIncidentStats({ ctx: t.ctx('alice', settings), days: 30 });
    expect(stats.overall.incidents).toBe(1);
    expect(stats.resolvedWithOpenSteps).toBe(1);
  });

  it('a resolve undone and redone with the work finished counts clean; one with nothing open records nothing', () => {
    resolve(true);
    changeStatus({ ctx: t.ctx('alice', settings), input: { incidentId, status: 'investigating' } });
    for (const stepId of ['isolate', 'block', 'rotate', 'reimage', 'scan', 'restore'])
      completeStep({ ctx: t.ctx('alice', settings), input: { runId, stepId } });
    resolve(false);
    expect(statusEntries().at(-1)).toEqual({ from: 'investigating', to: 'resolved', note: null, via: 'button' });
    t.clock.advance(60_000);
    const stats = computeIncidentStats({ ctx: t.ctx('alice', settings), days: 30 });
    expect(stats.overall.incidents).toBe(1);
    expect(stats.resolvedWithOpenSteps).toBe(0);
    const { postmortem } = startPostmortem({ ctx: t.ctx('bob', settings), input: { incidentId } });
    const markdown = renderPostmortemMarkdown(
      loadPostmortemReport(t.store, t.store.incidents.byId(incidentId) ?? (undefined as never), postmortem),
      { timeZone: 'UTC' },
    );
    expect(markdown).not.toContain('## Open at resolve');
  });

  it('an incident without a playbook resolves at once', () => {
    const plain = declareIncident({
      ctx: t.ctx('alice', settings),
      input: { title: 'printer on fire', severity: 'sev4' },
    });
    expect(
      changeStatus({ ctx: t.ctx('alice', settings), input: { incidentId: plain.id, status: 'resolved' } }).status,
    ).toBe('resolved');
  });
});
