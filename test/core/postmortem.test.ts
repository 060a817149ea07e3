import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routeAlerts } from '../../src/core/alert/route-alerts.js';
import type { NormalizedAlert } from '../../src/core/alert/normalized-alert.js';
import { WarroomError } from '../../src/core/errors.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { closeIncident } from '../../src/core/incident/close-incident.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import type { Incident, Severity } from '../../src/core/incident/incident.js';
import { addPostmortemNote } from '../../src/core/postmortem/add-postmortem-note.js';
import { addWhy } from '../../src/core/postmortem/add-why.js';
import { describePostmortem } from '../../src/core/postmortem/describe-postmortem.js';
import { finalizePostmortem } from '../../src/core/postmortem/finalize-postmortem.js';
import { flagRecurrences } from '../../src/core/postmortem/flag-recurrences.js';
import { parseRootCauseCategory } from '../../src/core/postmortem/postmortem.js';
import { setPostmortemProblem } from '../../src/core/postmortem/set-postmortem-problem.js';
import { setRootCauseCategory } from '../../src/core/postmortem/set-root-cause-category.js';
import { startCausalChain } from '../../src/core/postmortem/start-causal-chain.js';
import { startPostmortem } from '../../src/core/postmortem/start-postmortem.js';
import { verifyTimelineChain } from '../../src/core/timeline/verify-timeline-chain.js';
import { makeAlert, tierEnrichment } from '../support/alert-builders.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const kinds = (incidentId: number) => t.store.timeline.forIncident(incidentId).map((e) => e.kind);
const intents = () =>
  t.database.sqlite
    .prepare('select intent from outbox order by id')
    .all()
    .map((r) => JSON.parse((r as { intent: string }).intent) as { type: string; incidentId?: number });

/** A resolved incident led by alice. */
function resolved(severity: Severity = 'sev2', title = 'Checkout API returns 500s'): Incident {
  const incident = declareIncident({ ctx: t.ctx('alice'), input: { title, severity } });
  return changeStatus({ ctx: t.ctx('alice'), input: { incidentId: incident.id, status: 'resolved' } });
}

/** Answers, categorizes and finalizes as the lead (alice). */
function finalize(incidentId: number, category = 'change-deploy'): void {
  startPostmortem({ ctx: t.ctx('alice'), input: { incidentId } });
  addWhy({ ctx: t.ctx('bob'), input: { incidentId, answer: 'a deploy shipped a bad config' } });
  setRootCauseCategory({ ctx: t.ctx('bob'), input: { incidentId, category } });
  finalizePostmortem({ ctx: t.ctx('alice'), input: { incidentId } });
}

describe('starting a postmortem', () => {
  it('queues the prompt when the incident is resolved, once, even if it is resolved again', () => {
    const incident = resolved();
    expect(intents().filter((i) => i.type === 'postmortem.prompt')).toEqual([
      { type: 'postmortem.prompt', incidentId: incident.id },
    ]);
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: incident.id, status: 'monitoring' } });
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: incident.id, status: 'resolved' } });
    expect(intents().filter((i) => i.type === 'postmortem.prompt')).toHaveLength(1);
  });

  it('pre-fills the problem from the incident; starting again returns the same draft', () => {
    const incident = resolved();
    const first = startPostmortem({ ctx: t.ctx('bob'), input: { incidentId: incident.id, via: 'button' } });
    expect(first.started).toBe(true);
    expect(first.postmortem).toMatchObject({
      state: 'draft',
      problem: 'Checkout API returns 500s',
      currentChain: 1,
      startedBy: 'bob',
      category: null,
    });
    const second = startPostmortem({ ctx: t.ctx('carol'), input: { incidentId: incident.id } });
    expect(second).toEqual({ postmortem: first.postmortem, started: false });
    expect(kinds(incident.id).filter((k) => k === 'postmortem.started')).toHaveLength(1);
  });

  it('rejects a postmortem before the incident is resolved, saying what to do', () => {
    const incident = declareIncident({ ctx: t.ctx('alice'), input: { title: 'db down' } });
    expect(() => startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } })).toThrow(
      'INC-0001 is declared. The postmortem starts once it is resolved: `/incident status resolved`, then `/incident postmortem`.',
    );
    expect(() => addWhy({ ctx: t.ctx('alice'), input: { incidentId: incident.id, answer: 'because' } })).toThrow(
      /has no postmortem yet/,
    );
  });
});

describe('the 5 Whys', () => {
  it('saves each answer at once; each answer becomes the next question', () => {
    const incident = resolved();
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    setPostmortemProblem({
      ctx: t.ctx('bob'),
      input: { incidentId: incident.id, problem: 'Checkout failed for 40 minutes' },
    });
    const w1 = addWhy({
      ctx: t.ctx('bob'),
      input: { incidentId: incident.id, answer: 'the payments client timed out' },
    });
    const w2 = addWhy({
      ctx: t.ctx('carol'),
      input: { incidentId: incident.id, answer: 'its pool was exhausted', via: 'form', chain: 1, depth: 2 },
    });
    expect(w1).toMatchObject({
      chain: 1,
      depth: 1,
      question: 'Why did this happen: Checkout failed for 40 minutes',
      author: 'bob',
    });
    expect(w2).toMatchObject({
      chain: 1,
      depth: 2,
      question: 'Why did this happen: the payments client timed out',
      author: 'carol',
    });
    expect(JSON.parse(t.store.timeline.last(incident.id)?.payload ?? '{}')).toEqual({
      chain: 1,
      depth: 2,
      question: 'Why did this happen: the payments client timed out',
      answer: 'its pool was exhausted',
      via: 'form',
    });
    expect(kinds(incident.id).slice(-4)).toEqual([
      'postmortem.started',
      'postmortem.problem_set',
      'postmortem.why_added',
      'postmortem.why_added',
    ]);
    const view = describePostmortem(t.store, incident, t.store.postmortems.forIncident(incident.id)!);
    expect(view.next).toEqual({ chain: 1, depth: 3, question: 'Why did this happen: its pool was exhausted' });
    expect(verifyTimelineChain(t.store.timeline.forIncident(incident.id)).ok).toBe(true);
  });

  it('refuses an answer to a question someone answered meanwhile (a stale modal), keeping the first', () => {
    const incident = resolved();
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    addWhy({ ctx: t.ctx('bob'), input: { incidentId: incident.id, answer: 'bad config', chain: 1, depth: 1 } });
    expect(() =>
      addWhy({ ctx: t.ctx('carol'), input: { incidentId: incident.id, answer: 'a bad deploy', chain: 1, depth: 1 } }),
    ).toThrow(
      'Why 1 of chain 1 was answered meanwhile: "bad config". Your answer was not saved; answer Why 2 instead.',
    );
    expect(t.store.postmortems.whys(1).map((w) => w.answer)).toEqual(['bad config']);
  });

  it('stops a chain at five whys; another causal chain starts only after its first has an answer', () => {
    const incident = resolved();
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    expect(() => startCausalChain({ ctx: t.ctx('bob'), input: { incidentId: incident.id } })).toThrow(
      /Causal chain 1 has no answers yet/,
    );
    for (const answer of ['one', 'two', 'three', 'four', 'five'])
      addWhy({ ctx: t.ctx('bob'), input: { incidentId: incident.id, answer } });
    expect(() => addWhy({ ctx: t.ctx('bob'), input: { incidentId: incident.id, answer: 'six' } })).toThrow(
      /Chain 1 already has 5 whys\. Start another causal chain/,
    );
    expect(startCausalChain({ ctx: t.ctx('bob'), input: { incidentId: incident.id } })).toBe(2);
    expect(
      addWhy({ ctx: t.ctx('carol'), input: { incidentId: incident.id, answer: 'no canary stage' } }),
    ).toMatchObject({ chain: 2, depth: 1, question: 'Why did this happen: Checkout API returns 500s' });
    expect(() => addWhy({ ctx: t.ctx('carol'), input: { incidentId: incident.id, answer: 'x3', chain: 3 } })).toThrow(
      /There is no causal chain 3 yet/,
    );
    expect(kinds(incident.id).filter((k) => k === 'postmortem.chain_started')).toHaveLength(1);
  });

  it('parses root-cause categories as people type them and lists them when it cannot', () => {
    expect(parseRootCauseCategory('Change/deploy')).toBe('change-deploy');
    expect(parseRootCauseCategory('detection gap')).toBe('detection-gap');
    expect(parseRootCauseCategory('ACCESS_CONTROL')).toBe('access-control');
    expect(parseRootCauseCategory('deploy')).toBe('change-deploy');
    expect(parseRootCauseCategory('bad luck')).toBeNull();
    const incident = resolved();
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    expect(() =>
      setRootCauseCategory({ ctx: t.ctx('bob'), input: { incidentId: incident.id, category: 'bad luck' } }),
    ).toThrow(/^Pick a root-cause category: process, change-deploy, capacity/);
    setRootCauseCategory({ ctx: t.ctx('bob'), input: { incidentId: incident.id, category: 'Human factors' } });
    setRootCauseCategory({ ctx: t.ctx('bob'), input: { incidentId: incident.id, category: 'human-factors' } });
    expect(kinds(incident.id).filter((k) => k === 'postmortem.category_set')).toHaveLength(1);
  });

  it('keeps contributing factors, what went well and lessons, from anyone', () => {
    const incident = resolved();
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    addPostmortemNote({ ctx: t.ctx('bob'), input: { incidentId: incident.id, kind: 'factor', text: 'Friday deploy' } });
    addPostmortemNote({
      ctx: t.ctx('carol'),
      input: { incidentId: incident.id, kind: 'went_well', text: 'Rollback took 2 minutes' },
    });
    addPostmortemNote({
      ctx: t.ctx('dave'),
      input: { incidentId: incident.id, kind: 'lesson', text: 'Canary every config change' },
    });
    expect(t.store.postmortems.notes(1).map((n) => [n.kind, n.author])).toEqual([
      ['factor', 'bob'],
      ['went_well', 'carol'],
      ['lesson', 'dave'],
    ]);
    expect(() =>
      addPostmortemNote({ ctx: t.ctx('bob'), input: { incidentId: incident.id, kind: 'went_well', text: ' ' } }),
    ).toThrow('Write the text after the command (up to 1000 characters): `/incident postmortem went-well <text>`.');
  });
});

describe('finalizing', () => {
  it("is the lead's, needs a why and a category, stores the Markdown, queues the file, and freezes the draft", () => {
    const incident = resolved();
    startPostmortem({ ctx: t.ctx('bob'), input: { incidentId: incident.id } });
    expect(() => finalizePostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } })).toThrow(
      'Answer at least one why before finalizing: `/incident postmortem why <answer>`.',
    );
    addWhy({ ctx: t.ctx('bob'), input: { incidentId: incident.id, answer: 'a deploy shipped a bad config' } });
    expect(() => finalizePostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } })).toThrow(
      /^Set the root-cause category before finalizing/,
    );
    setRootCauseCategory({ ctx: t.ctx('bob'), input: { incidentId: incident.id, category: 'change-deploy' } });
    expect(() => finalizePostmortem({ ctx: t.ctx('bob'), input: { incidentId: incident.id } })).toThrow(
      'Only the incident lead finalizes the INC-0001 postmortem. Everyone else can keep adding to it.',
    );
    t.clock.advance(60_000);
    const finalized = finalizePostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    expect(finalized).toMatchObject({
      state: 'finalized',
      finalizedBy: 'alice',
      finalizedAt: '2026-11-24T09:01:00.000Z',
    });
    expect(finalized.markdown).toMatch(/^# INC-0001 postmortem: Checkout API returns 500s\n/);
    expect(intents().filter((i) => i.type === 'postmortem.file')).toEqual([
      { type: 'postmortem.file', incidentId: incident.id },
    ]);
    const entry = t.store.timeline.forIncident(incident.id).find((e) => e.kind === 'postmortem.finalized');
    expect(JSON.parse(entry?.payload ?? '{}')).toEqual({
      category: 'change-deploy',
      chains: 1,
      whys: 1,
      actions: 0,
      via: 'command',
    });
    expect(() => addWhy({ ctx: t.ctx('bob'), input: { incidentId: incident.id, answer: 'late addition' } })).toThrow(
      /postmortem is finalized and no longer changes/,
    );
    expect(() => finalizePostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } })).toThrow(/finalized/);
  });
});

describe('the close policy', () => {
  it('blocks closing a SEV2 until its postmortem is finalized, and says why and what to type', () => {
    const incident = resolved('sev2');
    expect(() => closeIncident({ ctx: t.ctx('alice'), input: { incidentId: incident.id } })).toThrow(
      'INC-0001 is SEV2: SEV2 incidents close only after their postmortem is finalized. Start it with `/incident postmortem`; the lead finalizes it with `/incident postmortem finalize`, then `/incident close`.',
    );
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    expect(() => closeIncident({ ctx: t.ctx('alice'), input: { incidentId: incident.id } })).toThrow(
      /Finish it \(`\/incident postmortem show` says what is missing\)/,
    );
    finalize(incident.id);
    expect(closeIncident({ ctx: t.ctx('alice'), input: { incidentId: incident.id } }).status).toBe('closed');
  });

  it('lets SEV3, configured-away severities and drills close without one', () => {
    const sev3 = resolved('sev3');
    expect(closeIncident({ ctx: t.ctx('alice'), input: { incidentId: sev3.id } }).status).toBe('closed');
    const sev1 = resolved('sev1');
    expect(
      closeIncident({ ctx: t.ctx('alice', { postmortemRequired: [] }), input: { incidentId: sev1.id } }).status,
    ).toBe('closed');
    const drill = resolved('sev1');
    t.store.incidents.update(drill.id, { drillTag: 'drill-1' });
    expect(closeIncident({ ctx: t.ctx('alice'), input: { incidentId: drill.id } }).status).toBe('closed');
    const sev4 = resolved('sev4');
    expect(() =>
      closeIncident({ ctx: t.ctx('alice', { postmortemRequired: ['sev4'] }), input: { incidentId: sev4.id } }),
    ).toThrow(/^INC-0004 is SEV4/);
  });
});

describe('recurrence', () => {
  /** Routes one P1 alert on `service` (techniques optional) and returns its incident. */
  function alertIncident(fingerprint: string, o: Partial<NormalizedAlert> = {}): Incident {
    const receivedAt = t.clock.now().toISOString();
    const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
    const alert = makeAlert({ fingerprint, startsAt: receivedAt, ...o });
    const [routed] = routeAlerts({
      ctx: t.ctx({ type: 'alert', source: 'alertmanager' }),
      input: { inboxId: inbox.id, receivedAt, items: [{ alert, enrichment: tierEnrichment(1), enrichmentMs: 0 }] },
    });
    const incident = t.store.incidents.byId(routed?.incidentId ?? 0);
    if (!incident) throw new Error('no incident opened');
    return incident;
  }
  function close(incident: Incident, category: string): void {
    t.store.incidents.update(incident.id, { leadId: 'alice' });
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: incident.id, status: 'resolved' } });
    finalize(incident.id, category);
    closeIncident({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
  }

  it('flags a new incident on the same service with the same ATT&CK technique (90 days), with the earlier actions, once', () => {
    const first = alertIncident('fp-1', { attackTechniques: ['T1110.001'] });
    close(first, 'access-control');
    t.store.postmortems.insertAction({
      postmortemId: 1,
      incidentId: first.id,
      number: 1,
      title: 'Lock accounts after 5 failures',
      ownerId: 'bob',
      dueDate: '2026-12-01',
      kind: 'prevent',
      verification: 'lockout seen in staging',
      links: '[]',
      status: 'open',
      evidence: null,
      createdBy: 'alice',
      createdAt: t.clock.now().toISOString(),
      doneBy: null,
      doneAt: null,
      verifiedBy: null,
      verifiedAt: null,
    });
    t.clock.advance(30 * 24 * 3600_000);
    const second = alertIncident('fp-2', { attackTechniques: ['T1110.003'], title: 'Password spraying on checkout' });
    expect(flagRecurrences({ ctx: t.ctx({ type: 'system' }), input: { incidentId: second.id } })).toBe(1);
    expect(flagRecurrences({ ctx: t.ctx({ type: 'system' }), input: { incidentId: second.id } })).toBe(0);
    const entry = t.store.timeline.forIncident(second.id).find((e) => e.kind === 'recurrence.flagged');
    expect(JSON.parse(entry?.payload ?? '{}')).toEqual({
      incidentId: first.id,
      ref: 'INC-0001',
      title: 'Checkout 5xx above 5%',
      declaredAt: '2026-11-24T09:00:00.000Z',
      channelId: null,
      channelName: null,
      reasons: ['service (checkout)', 'ATT&CK technique T1110'],
      postmortem: 'finalized',
      actions: [
        { number: 1, title: 'Lock accounts after 5 failures', status: 'open', owner: 'bob', due: '2026-12-01' },
      ],
    });
    // Posted to the war room.
    expect(intents().filter((i) => i.type === 'warroom.post' && i.incidentId === second.id)).toHaveLength(1);
  });

  it('flags by root-cause category once the new postmortem names it; not past 90 days, not other services, not drills', () => {
    const first = alertIncident('fp-1');
    close(first, 'capacity');
    const other = t.store.incidents.update(alertIncident('fp-o').id, { service: 'search' });
    close(other, 'capacity');
    const drill = alertIncident('fp-d');
    t.store.incidents.update(drill.id, { drillTag: 'drill-1' });
    t.clock.advance(10 * 24 * 3600_000);
    const second = alertIncident('fp-2');
    expect(flagRecurrences({ ctx: t.ctx({ type: 'system' }), input: { incidentId: second.id } })).toBe(0);
    t.store.incidents.update(second.id, { leadId: 'alice' });
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: second.id, status: 'resolved' } });
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: second.id } });
    setRootCauseCategory({ ctx: t.ctx('bob'), input: { incidentId: second.id, category: 'capacity' } });
    const flagged = t.store.timeline
      .forIncident(second.id)
      .filter((e) => e.kind === 'recurrence.flagged')
      .map((e) => JSON.parse(e.payload) as { ref: string; reasons: string[] });
    expect(flagged).toEqual([
      expect.objectContaining({ ref: 'INC-0001', reasons: ['service (checkout)', 'root-cause category (Capacity)'] }),
    ]);

    t.clock.advance(91 * 24 * 3600_000);
    const late = alertIncident('fp-3');
    t.store.incidents.update(late.id, { leadId: 'alice' });
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: late.id, status: 'resolved' } });
    startPostmortem({ ctx: t.ctx('alice'), input: { incidentId: late.id } });
    setRootCauseCategory({ ctx: t.ctx('bob'), input: { incidentId: late.id, category: 'capacity' } });
    expect(kinds(late.id)).not.toContain('recurrence.flagged');
  });

  it('rejects changes by the system: postmortems are written by people', () => {
    const incident = resolved();
    expect(() => startPostmortem({ ctx: t.ctx({ type: 'system' }), input: { incidentId: incident.id } })).toThrow(
      WarroomError,
    );
  });
});
