import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveAction, requestStepAction } from '../../src/core/approval/request-action.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { closeIncident } from '../../src/core/incident/close-incident.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { assignLead } from '../../src/core/roles/assign-lead.js';
import { assignRole } from '../../src/core/roles/assign-role.js';
import { claimStep } from '../../src/core/playbook/act-on-step.js';
import {
  cardForViewer,
  cardTargetOf,
  cardViewers,
  CardTarget,
  showCard,
  type ViewerCard,
} from '../../src/interactions/index.js';
import { NO_ENRICHMENT } from '../../src/core/alert/catalog-types.js';
import type { NormalizedAlert } from '../../src/core/alert/normalized-alert.js';
import { routeAlerts } from '../../src/core/alert/route-alerts.js';
import { makeAlert } from '../support/alert-builders.js';
import { interactionEnv, openWarRoom } from '../support/interaction-env.js';
import { ransomwarePlaybook } from '../support/test-playbook.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const settings = { playbooks: [ransomwarePlaybook], postmortemRequired: [] };
let t: TestStore;
let incidentId: number;
let runId: number;
beforeEach(() => {
  t = openTestStore();
  // Alice declares and leads; Bob holds ops (the isolate step's owner); Carol has no role.
  const incident = declareIncident({ ctx: t.ctx('alice', settings), input: { title: 'Ransom note on fin-ws-12' } });
  incidentId = incident.id;
  openWarRoom(t, incident, settings);
  runId = t.store.playbooks.runsFor(incident.id)[0]?.id ?? 0;
  assignRole({ ctx: t.ctx('alice', settings), input: { incidentId, role: 'ops', userId: 'bob' } });
});
afterEach(() => t.close());

const drawFor = (viewer: string, target: CardTarget): ViewerCard | null =>
  cardForViewer(target, interactionEnv(t, viewer, null, settings));
const stage: CardTarget = { card: 'stage', runId: 0, stageId: 'triage' };
/** Each step of a drawn stage card and the buttons it shows. */
function stepButtons(card: ViewerCard | null): Record<string, string[]> {
  if (card?.view.kind !== 'stage') throw new Error(`not a stage card: ${card?.view.kind}`);
  return Object.fromEntries(card.view.view.steps.map((s) => [s.stepId, s.buttons.map((b) => b.kind)]));
}

describe('a card drawn for its viewer', () => {
  it('approval: Approve and Reject for the approver; the requester and anyone else are told why not (four eyes)', () => {
    const approval = requestStepAction({ ctx: t.ctx('bob', settings), input: { runId, stepId: 'isolate' } });
    const target: CardTarget = { card: 'approval', approvalId: approval.id };
    expect(drawFor('alice', target)).toMatchObject({ view: { kind: 'approval', view: { open: true } }, note: null });
    expect(drawFor('bob', target)).toMatchObject({
      view: { kind: 'approval', view: { open: false } },
      note: 'You requested isolate_host; someone else with the lead role must approve or reject it (four eyes).',
    });
    expect(drawFor('carol', target)).toMatchObject({
      view: { view: { open: false } },
      note: 'Only the incident lead can decide isolate_host.',
    });
    // The text is the same for all three: only the buttons and the note differ.
    const texts = ['alice', 'bob', 'carol'].map((v) => {
      const card = drawFor(v, target);
      return card?.view.kind === 'approval' ? card.view.view.text : null;
    });
    expect(new Set(texts).size).toBe(1);
    approveAction({ ctx: t.ctx('alice', settings), input: { approvalId: approval.id } });
    // Decided: no buttons for anyone, and nothing to explain.
    for (const viewer of ['alice', 'bob'])
      expect(drawFor(viewer, target)).toMatchObject({ view: { view: { open: false } }, note: null });
  });

  it('stage: the lead gets every open step’s buttons, the ops holder only ops’ steps, someone without a role none', () => {
    const target = { ...stage, runId };
    expect(stepButtons(drawFor('alice', target))).toEqual({
      scope: ['done', 'skip', 'claim', 'na'],
      joined: ['answer', 'answer', 'skip', 'claim', 'na'],
      isolate: ['request', 'skip', 'claim', 'na'],
    });
    expect(drawFor('alice', target)?.note).toBeNull();
    const bob = drawFor('bob', target);
    expect(stepButtons(bob)).toEqual({ scope: [], joined: [], isolate: ['request', 'skip', 'claim', 'na'] });
    expect(bob?.note).toBe(
      'Buttons show on the steps you can act on; the other 2 belong to their owner role, whoever claimed them, or the lead.',
    );
    const carol = drawFor('carol', target);
    expect(stepButtons(carol)).toEqual({ scope: [], joined: [], isolate: [] });
    // Claimed by Bob, then ops handed to Dave: the new holder and the claimer may both act; Carol still may not.
    claimStep({ ctx: t.ctx('bob', settings), input: { runId, stepId: 'isolate' } });
    assignRole({ ctx: t.ctx('alice', settings), input: { incidentId, role: 'ops', userId: 'dave' } });
    expect(stepButtons(drawFor('dave', target)).isolate).toEqual(['request', 'skip', 'na']);
    expect(stepButtons(drawFor('bob', target)).isolate).toEqual(['request', 'skip', 'na']);
    expect(stepButtons(drawFor('carol', target)).isolate).toEqual([]);
  });

  it('header: the lead is not offered I’ll lead; everyone else is', () => {
    const target: CardTarget = { card: 'header', incidentId };
    const buttons = (viewer: string) => {
      const card = drawFor(viewer, target);
      return card?.view.kind === 'header' ? card.view.view.buttons : null;
    };
    expect(buttons('alice')).toEqual(['acknowledge', 'update_status', 'resolve']);
    expect(buttons('bob')).toEqual(['acknowledge', 'take_lead', 'update_status', 'resolve']);
  });

  it('a closed incident’s cards lose every button, and the checklist says why', () => {
    changeStatus({
      ctx: t.ctx('alice', settings),
      input: { incidentId, status: 'resolved', confirmOpenWork: true, via: 'command' },
    });
    closeIncident({ ctx: t.ctx('alice', settings), input: { incidentId } });
    const header = drawFor('alice', { card: 'header', incidentId });
    expect(header?.view.kind === 'header' && header.view.view.buttons).toEqual([]);
    const checklist = drawFor('alice', { ...stage, runId });
    expect(stepButtons(checklist)).toEqual({ scope: [], joined: [], isolate: [] });
    expect(checklist?.note).toBe(
      'INC-0001 is closed. Declare a new incident with `/incident declare <title>` if this is happening again.',
    );
    // The all-alerts-resolved prompt keeps its words but not its Resolve button.
    expect(drawFor('alice', { card: 'resolve_prompt', incidentId })).toMatchObject({
      view: { kind: 'text', text: expect.stringContaining('Resolve the incident when you agree') },
      note: 'INC-0001 is closed. Declare a new incident with `/incident declare <title>` if this is happening again.',
    });
  });

  it('what no longer exists is null, never a throw; targets round-trip through their views', () => {
    expect(drawFor('alice', { card: 'header', incidentId: 999 })).toBeNull();
    expect(drawFor('alice', { card: 'stage', runId: 999, stageId: 'triage' })).toBeNull();
    expect(drawFor('alice', { card: 'stage', runId, stageId: 'nope' })).toBeNull();
    expect(drawFor('alice', { card: 'approval', approvalId: 999 })).toBeNull();
    expect(drawFor('alice', { card: 'triage', alertId: 999 })).toBeNull();
    expect(drawFor('alice', { card: 'storm', incidentId: 999 })).toBeNull();
    expect(drawFor('alice', { card: 'resolve_prompt', incidentId: 999 })).toBeNull();
    for (const target of [
      { card: 'header', incidentId },
      { card: 'stage', runId, stageId: 'triage' },
      { card: 'resolve_prompt', incidentId },
    ] as const) {
      const card = drawFor('alice', target);
      expect(card && cardTargetOf(card.view)).toEqual(target);
    }
    expect(CardTarget.safeParse({ card: 'header', incidentId: 'x' }).success).toBe(false);
    expect(CardTarget.safeParse({ card: 'nuke', incidentId: 1 }).success).toBe(false);
  });

  it('who acts on each card: the lead and role holders, claimers on a checklist, the requester on an approval', () => {
    claimStep({ ctx: t.ctx('bob', settings), input: { runId, stepId: 'isolate' } });
    assignRole({ ctx: t.ctx('alice', settings), input: { incidentId, role: 'ops', userId: 'dave' } });
    expect(cardViewers(t.store, { card: 'header', incidentId })).toEqual(['alice', 'dave']);
    expect(cardViewers(t.store, { ...stage, runId })).toEqual(['alice', 'dave', 'bob']);
    const approval = requestStepAction({ ctx: t.ctx('bob', settings), input: { runId, stepId: 'isolate' } });
    expect(cardViewers(t.store, { card: 'approval', approvalId: approval.id })).toEqual(['alice', 'dave', 'bob']);
    expect(cardViewers(t.store, { card: 'triage', alertId: 1 })).toEqual([]);
    expect(cardViewers(t.store, { card: 'approval', approvalId: 999 })).toEqual([]);
  });

  it('showCard parses what the client echoed, keeps to the channel it was asked from, and says when it is gone', () => {
    const env = (channelId: string | null) => interactionEnv(t, 'alice', channelId, settings);
    expect(showCard({ card: 'header', incidentId }, env('C1'))).toMatchObject({
      type: 'card',
      target: { card: 'header', incidentId },
      view: { kind: 'header' },
      note: null,
    });
    expect(showCard({ card: 'header', incidentId }, env('C-other'))).toEqual({
      type: 'stale',
      text: "That button does not belong to this channel's incident.",
    });
    expect(showCard({ card: 'stage', runId, stageId: 'triage' }, env('C-other'))).toMatchObject({ type: 'stale' });
    expect(showCard({ card: 'header', incidentId: '1' }, env('C1'))).toEqual({
      type: 'stale',
      text: 'That button is out of date.',
    });
    expect(showCard({ card: 'approval', approvalId: 77 }, env(null))).toEqual({
      type: 'gone',
      text: 'What this card showed is no longer in warroom; type the command instead.',
    });
  });
});

describe('a storm card drawn for its viewer', () => {
  function route(alert: NormalizedAlert) {
    const receivedAt = t.clock.now().toISOString();
    const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
    routeAlerts({
      ctx: t.ctx({ type: 'alert', source: 'alertmanager' }),
      input: { inboxId: inbox.id, receivedAt, items: [{ alert, enrichment: NO_ENRICHMENT, enrichmentMs: 0 }] },
    });
  }

  it('keeps Declare separately while the storm is open; once it is closed the rows stay, their buttons go, and it says why', () => {
    // Alerts of six unknown services within the window: the sixth starts a storm (the incident after the ransomware one).
    for (let i = 1; i <= 7; i += 1)
      route(makeAlert({ fingerprint: `fp-${i}`, title: `Service svc-${i} down`, service: `svc-${i}` }));
    const storm = t.store.incidents.listAll().find((i) => t.store.storms.byIncident(i.id));
    if (!storm) throw new Error('no storm');
    const target: CardTarget = { card: 'storm', incidentId: storm.id };
    const open = drawFor('bob', target);
    if (open?.view.kind !== 'storm') throw new Error('not a storm card');
    expect(open.view.view.rows.length).toBeGreaterThan(0);
    expect(open.note).toBeNull();
    const rows = open.view.view.rows.map((r) => r.text);
    changeStatus({
      ctx: t.ctx('bob', settings),
      input: { incidentId: storm.id, status: 'resolved', confirmOpenWork: true, via: 'command' },
    });
    assignLead({ ctx: t.ctx('bob', settings), input: { incidentId: storm.id, userId: 'bob' } });
    closeIncident({ ctx: t.ctx('bob', settings), input: { incidentId: storm.id } });
    const closed = drawFor('bob', target);
    if (closed?.view.kind !== 'storm') throw new Error('not a storm card');
    expect(closed.view.view.rows).toEqual([]);
    expect(closed.view.view.rest.slice(0, rows.length)).toEqual(rows);
    expect(closed.note).toMatch(/is closed: its alerts stay with it/);
  });
});
