import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeIncident } from '../../src/core/incident/acknowledge-incident.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { addCorrectiveAction } from '../../src/core/postmortem/add-corrective-action.js';
import { addPostmortemNote } from '../../src/core/postmortem/add-postmortem-note.js';
import { addWhy } from '../../src/core/postmortem/add-why.js';
import { completeCorrectiveAction } from '../../src/core/postmortem/complete-corrective-action.js';
import { escapeMarkdown } from '../../src/core/postmortem/escape-markdown.js';
import { finalizePostmortem } from '../../src/core/postmortem/finalize-postmortem.js';
import { loadPostmortemReport } from '../../src/core/postmortem/postmortem-report.js';
import { renderPostmortemMarkdown } from '../../src/core/postmortem/render-postmortem-markdown.js';
import { setPostmortemProblem } from '../../src/core/postmortem/set-postmortem-problem.js';
import { setRootCauseCategory } from '../../src/core/postmortem/set-root-cause-category.js';
import { startCausalChain } from '../../src/core/postmortem/start-causal-chain.js';
import { startPostmortem } from '../../src/core/postmortem/start-postmortem.js';
import { rememberPeople } from '../../src/core/people/remember-people.js';
import { verifyCorrectiveAction } from '../../src/core/postmortem/verify-corrective-action.js';
import { assignRole } from '../../src/core/roles/assign-role.js';
import { addNote } from '../../src/core/timeline/add-note.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const minutes = (n: number) => t.clock.advance(n * 60_000);
const BERLIN = { timeZone: 'Europe/Berlin' };

/** An incident from 23:50 to 00:35 Berlin time (it spans two days there, not in UTC), with a full postmortem. */
function incidentOverMidnight(): number {
  t.clock.set('2026-11-24T22:50:00.000Z');
  const ctx = (user: string) => t.ctx(user, BERLIN);
  // The directory knows three of the four people; dave (an action owner) stays an id.
  rememberPeople({
    ctx: ctx('alice'),
    input: {
      people: [
        { userId: 'alice', name: 'Alice Okafor' },
        { userId: 'bob', name: 'Bob Lindqvist' },
        { userId: 'carol', name: 'Carol *ops* Medina' },
      ],
    },
  });
  const { id } = declareIncident({
    ctx: ctx('alice'),
    input: { title: 'Checkout *API* returns 500s <script>alert(1)</script>', severity: 'sev2' },
  });
  assignRole({ ctx: ctx('alice'), input: { incidentId: id, role: 'comms', userId: 'carol' } });
  minutes(2);
  acknowledgeIncident({ ctx: ctx('bob'), input: { incidentId: id } });
  minutes(8);
  changeStatus({
    ctx: ctx('bob'),
    input: { incidentId: id, status: 'identified', note: 'config push at 23:41 | rollback started' },
  });
  minutes(15);
  changeStatus({ ctx: ctx('bob'), input: { incidentId: id, status: 'monitoring' } });
  addNote({
    ctx: ctx('carol'),
    input: { incidentId: id, text: 'Status page: [resolved](javascript:alert(1)) {{7*7}} ${process.env.SECRET}' },
  });
  minutes(20);
  changeStatus({ ctx: ctx('alice'), input: { incidentId: id, status: 'resolved' } });
  minutes(60);
  startPostmortem({ ctx: ctx('alice'), input: { incidentId: id } });
  setPostmortemProblem({
    ctx: ctx('alice'),
    input: { incidentId: id, problem: 'Checkout failed for 45 minutes after a config push' },
  });
  addWhy({ ctx: ctx('bob'), input: { incidentId: id, answer: 'the payments client timed out' } });
  addWhy({ ctx: ctx('bob'), input: { incidentId: id, answer: 'its pool size was set to 1 by the push' } });
  addWhy({ ctx: ctx('carol'), input: { incidentId: id, answer: 'the config key `pool_size` has no _validation_' } });
  startCausalChain({ ctx: ctx('bob'), input: { incidentId: id } });
  addWhy({ ctx: ctx('bob'), input: { incidentId: id, answer: 'nobody was paged for 10 minutes' } });
  setRootCauseCategory({ ctx: ctx('alice'), input: { incidentId: id, category: 'change/deploy' } });
  addPostmortemNote({ ctx: ctx('bob'), input: { incidentId: id, kind: 'factor', text: 'Push at 23:41 on a Tuesday' } });
  addPostmortemNote({
    ctx: ctx('carol'),
    input: { incidentId: id, kind: 'went_well', text: 'Rollback took 2 minutes' },
  });
  addPostmortemNote({
    ctx: ctx('alice'),
    input: { incidentId: id, kind: 'lesson', text: '# Validate config\n- before it ships' },
  });
  addCorrectiveAction({
    ctx: ctx('alice'),
    input: {
      incidentId: id,
      title: 'Schema-validate pool_size',
      ownerId: 'bob',
      dueDate: '2026-12-15',
      kind: 'prevent',
      verification: 'CI rejects pool_size < 5',
      links: [{ kind: 'service', ref: 'checkout' }],
    },
  });
  addCorrectiveAction({
    ctx: ctx('alice'),
    input: {
      incidentId: id,
      title: 'Page on payment timeouts',
      ownerId: 'dave',
      dueDate: '2026-12-20',
      kind: 'detect',
      verification: 'alert fires in staging',
      links: [
        { kind: 'rule', ref: 'payments-timeout-p99' },
        { kind: 'playbook', ref: 'service-outage' },
      ],
    },
  });
  completeCorrectiveAction({
    ctx: ctx('bob'),
    input: { incidentId: id, number: 1, evidence: 'https://git.example.com/checkout/pull/42' },
  });
  verifyCorrectiveAction({ ctx: ctx('carol'), input: { incidentId: id, number: 1 } });
  minutes(5);
  finalizePostmortem({ ctx: ctx('alice'), input: { incidentId: id } });
  return id;
}

describe('the postmortem as Markdown', () => {
  it('renders summary, impact, timeline (dated across midnight in the configured zone), roles, metrics, 5 Whys, actions', async () => {
    const id = incidentOverMidnight();
    const markdown = t.store.postmortems.forIncident(id)?.markdown ?? '';
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/postmortem-inc-0001.md');
    expect(markdown).toContain('Times in Europe/Berlin.');
    expect(markdown).toContain('- 2026-11-24 23:50:00 — Declared INC-0001 (SEV2)');
    expect(markdown).toContain('- 2026-11-25 00:35:00 — Status monitoring → **resolved**');
  });

  it('names people from the directory with their id beside it (the audit key); people it does not know stay ids', () => {
    const id = incidentOverMidnight();
    const markdown = t.store.postmortems.forIncident(id)?.markdown ?? '';
    expect(markdown).toContain(
      '- Lead: Alice Okafor (alice)\n- comms: Carol \\*ops\\* Medina (carol)\n- Postmortem: started by Alice Okafor (alice), finalized by Alice Okafor (alice)',
    );
    expect(markdown).toContain('   the payments client timed out — Bob Lindqvist (bob)');
    expect(markdown).toContain('— lead Alice Okafor (alice)');
    expect(markdown).toContain('Acknowledged by Bob Lindqvist (bob)');
    expect(markdown).toContain(
      '| A1 | Schema-validate pool\\_size | prevent | Bob Lindqvist (bob) | 2026-12-15 | CI rejects pool\\_size \\< 5 | verified by Carol \\*ops\\* Medina (carol) ',
    );
    expect(markdown).toContain('| A2 | Page on payment timeouts | detect | @dave | 2026-12-20 |');
    expect(markdown).not.toMatch(/@(alice|bob|carol)\b/);
  });

  it('keeps the directory to one row per person: a name seen again writes nothing, a new one replaces it', () => {
    const ctx = t.ctx('alice');
    expect(
      rememberPeople({
        ctx,
        input: {
          people: [
            { userId: 'U0CAROL', name: 'carol' },
            { userId: 'U0DAVE', name: ' dave ' },
          ],
        },
      }),
    ).toBe(2);
    expect(rememberPeople({ ctx, input: { people: [{ userId: 'U0CAROL', name: 'carol' }] } })).toBe(0);
    expect(
      rememberPeople({
        ctx,
        input: {
          people: [
            { userId: 'U0CAROL', name: 'carol.medina' },
            { userId: 'U0EVE', name: '' },
            { userId: '', name: 'nobody' },
            'junk',
          ],
        },
      }),
    ).toBe(1);
    expect(t.store.people.all()).toEqual(
      new Map([
        ['U0CAROL', 'carol.medina'],
        ['U0DAVE', 'dave'],
      ]),
    );
  });

  it('shows times only, with the date once, when everything happened on one day there', () => {
    t.clock.set('2026-11-24T09:00:00.000Z');
    const { id } = declareIncident({ ctx: t.ctx('alice'), input: { title: 'db slow', severity: 'sev3' } });
    minutes(30);
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: id, status: 'resolved' } });
    const { postmortem } = startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: id } });
    const incident = t.store.incidents.byId(id);
    if (!incident) throw new Error('incident vanished');
    const markdown = renderPostmortemMarkdown(loadPostmortemReport(t.store, incident, postmortem), {
      timeZone: 'America/New_York',
    });
    expect(markdown).toContain(
      'Times in America/New_York, on 2026-11-24.\n\n- 04:00:00 — Declared INC-0001 (SEV3) by @alice: db slow — lead @alice\n',
    );
    expect(markdown).toContain('| Time to resolve | 30 minutes |');
    expect(markdown).toContain('**Draft** · SEV3 · resolved');
    expect(markdown).toContain('## 5 Whys\n\nNo whys answered.');
  });

  it('says how long in every metric: an acknowledgement within the second is "0 seconds", a month-long incident keeps its month', () => {
    t.clock.set('2026-01-05T09:00:00.000Z');
    const { id } = declareIncident({ ctx: t.ctx('alice'), input: { title: 'Slow data leak', severity: 'sev2' } });
    t.clock.advance(450);
    acknowledgeIncident({ ctx: t.ctx('bob'), input: { incidentId: id } });
    t.clock.set('2026-02-07T14:00:00.450Z');
    changeStatus({ ctx: t.ctx('bob'), input: { incidentId: id, status: 'resolved' } });
    const { postmortem } = startPostmortem({ ctx: t.ctx('bob'), input: { incidentId: id } });
    const incident = t.store.incidents.byId(id);
    if (!incident) throw new Error('incident vanished');
    const markdown = renderPostmortemMarkdown(loadPostmortemReport(t.store, incident, postmortem), { timeZone: 'UTC' });
    expect(markdown).toContain('| Time to acknowledge | 0 seconds |');
    expect(markdown).toContain('| Time to resolve | 1 month 2 days 5 hours |');
    expect(markdown).toContain('- Duration: 1 month 2 days 5 hours (declared');
  });

  it('escapes what people typed and never evaluates it (no template engine: CVE-2024-7093)', () => {
    const id = incidentOverMidnight();
    const markdown = t.store.postmortems.forIncident(id)?.markdown ?? '';
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('Checkout \\*API\\* returns 500s \\<script\\>alert(1)\\</script\\>');
    expect(markdown).toContain('Status page: \\[resolved\\](javascript:alert(1)) {{7\\*7}} ${process.env.SECRET}');
    expect(markdown).toContain('config push at 23:41 \\| rollback started');
    expect(markdown).toContain('- \\# Validate config - before it ships — Alice Okafor (alice)');
    expect(escapeMarkdown('- a list?')).toBe('\\- a list?');
    expect(escapeMarkdown('1. a list?')).toBe('1\\. a list?');
    expect(escapeMarkdown('a & b\r\nc')).toBe('a \\& b c');
  });
});
