import { describe, expect, it } from 'vitest';
import { describeTriageAlert } from '../../../src/core/alert/describe-triage-alert.js';
import { describeApproval } from '../../../src/core/approval/describe-approval.js';
import { describeIncident } from '../../../src/core/incident/describe-incident.js';
import { describePostmortemPrompt } from '../../../src/core/postmortem/describe-postmortem-prompt.js';
import { describeStormSummary } from '../../../src/core/storm/describe-storm-summary.js';
import { describeStage } from '../../../src/core/playbook/describe-stage.js';
import { Playbook } from '../../../src/core/playbook/playbook-schema.js';
import { approvalCard } from '../../../src/adapters/teams/presenters/approval-card.js';
import { headerCard } from '../../../src/adapters/teams/presenters/header-card.js';
import { chatViewCard } from '../../../src/adapters/teams/presenters/chat-view-card.js';
import {
  confirmResolveCard,
  postmortemPromptCard,
  resolvePromptCard,
  textCard,
} from '../../../src/adapters/teams/presenters/prompt-cards.js';
import { stageCard } from '../../../src/adapters/teams/presenters/stage-card.js';
import { stormCard } from '../../../src/adapters/teams/presenters/storm-card.js';
import { triageCard } from '../../../src/adapters/teams/presenters/triage-card.js';
import type {
  AdaptiveCard,
  CardActivity,
  ExecuteAction,
} from '../../../src/adapters/teams/presenters/adaptive-card.js';
import { VERB } from '../../../src/adapters/teams/ids.js';
import { CardTarget } from '../../../src/interactions/index.js';
import { teamsFmt } from '../../../src/adapters/teams/teams-fmt.js';
import { teamsButtonPress } from '../../../src/adapters/teams/teams-button-press.js';
import { cardProblems, HOSTILE, hostileLeaks } from '../../support/teams-card-invariants.js';
import { makeAlert } from '../../support/alert-builders.js';
import {
  makeAlertRecord,
  makeApproval,
  makeRun,
  makeStepState,
  makeStorm,
  makeTeamsIncident,
  T0,
  teamsCtx,
} from '../../support/teams-card-fixtures.js';

const f = teamsFmt;
const NOW = new Date('2026-11-25T09:30:00.000Z');
const card = (a: CardActivity): AdaptiveCard => a.attachments[0].content;
/** Every Action.Execute of a card, in the body's ActionSets and the card's actions. */
function buttons(a: CardActivity): ExecuteAction[] {
  const found: ExecuteAction[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && 'fallback' in o) found.push(o as unknown as ExecuteAction);
      Object.entries(o).forEach(([k, v]) => k !== 'fallback' && k !== 'refresh' && visit(v));
    }
  };
  visit(card(a).body);
  visit(card(a).actions);
  return found;
}
const texts = (a: CardActivity) => JSON.stringify(card(a).body);
const expectSound = (a: CardActivity) => expect(cardProblems(a)).toEqual([]);

describe('header card', () => {
  const incident = makeTeamsIncident({ title: `DB down ${HOSTILE}`, bridgeUrl: 'https://meet.example.com/inc-42' });
  const view = describeIncident(
    incident,
    [{ incidentId: 42, role: 'comms', userId: 'aad-cyd', assignedBy: 'aad-ann', assignedAt: T0 }],
    ['comms', 'scribe'],
    NOW,
  );

  it('shows the state, mentions the lead and role holders, and has the header buttons', () => {
    const a = headerCard(incident, view, teamsCtx());
    expectSound(a);
    expect(hostileLeaks(a)).toEqual([]);
    expect(texts(a)).toContain('**Lead** <at>Ann Lee</at>');
    expect(texts(a)).toContain('comms: <at>Cyd ∗Admin∗</at> · scribe: _unassigned_');
    expect(texts(a)).toContain('[https://meet.example.com/inc-42](https://meet.example.com/inc-42)');
    expect(texts(a)).toContain('{{DATE(2026-11-25T09:00:00Z, SHORT)}}');
    expect(texts(a)).toContain('**@warroom help**');
    expect(card(a).msteams.entities?.map((e) => e.mentioned.id)).toEqual(['29:ann', '29:cyd', '29:bob']);
    expect(buttons(a).map((b) => [b.title, b.verb, b.data])).toEqual([
      ['Acknowledge', VERB.acknowledge, { incidentId: 42 }],
      ["I'll lead", VERB.takeLead, { incidentId: 42 }],
      ['Resolve', VERB.resolve, { incidentId: 42 }],
    ]);
    // Update status opens the status form as a dialog (task/fetch), third in the row.
    expect(card(a).actions?.[2]).toEqual({
      type: 'Action.Submit',
      title: 'Update status',
      data: { msteams: { type: 'task/fetch' }, verb: VERB.updateStatus, incidentId: 42 },
    });
    expect(card(a).refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', data: { card: 'header', incidentId: 42 } },
      userIds: ['29:ann', '29:bob'],
    });
    expect(a.summary).toMatch(/^INC-0042 SEV2 investigating: DB down/);
    expect(a.summary).not.toMatch(/\*\*|<at>/);
  });

  it('refreshes for at most 60 people, and not at all without any', () => {
    const many = Array.from({ length: 75 }, (_, i) => `29:u${i}`);
    expect(card(headerCard(incident, view, teamsCtx({ refreshUserIds: [...many, '29:u0'] }))).refresh?.userIds).toEqual(
      many.slice(0, 60),
    );
    expect(card(headerCard(incident, view, teamsCtx({ refreshUserIds: [] }))).refresh).toBeUndefined();
  });

  it('drawn for one viewer, carries their note last, under the text, resolved like any text', () => {
    const a = headerCard(
      incident,
      view,
      teamsCtx({ note: `Only ${f.user('aad-ann')} can decide ${f.code('isolate')}.` }),
    );
    expectSound(a);
    expect(card(a).body.at(-1)).toEqual({
      type: 'TextBlock',
      text: 'Only <at>Ann Lee</at> can decide ‘isolate’.',
      wrap: true,
      separator: true,
      spacing: 'Medium',
      isSubtle: true,
    });
    expect(card(headerCard(incident, view, teamsCtx({ note: null }))).body).toEqual(
      card(headerCard(incident, view, teamsCtx())).body,
    );
  });

  it('a closed incident has no buttons', () => {
    const closed = makeTeamsIncident({ status: 'closed', resolvedAt: T0, closedAt: T0 });
    const a = headerCard(closed, describeIncident(closed, [], ['comms'], NOW), teamsCtx());
    expectSound(a);
    expect(buttons(a)).toEqual([]);
  });
});

describe('stage card', () => {
  const playbook = Playbook.parse({
    id: 'pb',
    title: 'Service outage',
    version: 1,
    description: 'x',
    roles: ['ops'],
    stages: [
      {
        id: 'triage',
        title: 'Triage',
        steps: [
          { id: 'look', type: 'check', title: `Look ${HOSTILE}`, owner: 'ops', instructions: '- one\n- two **bold**' },
          {
            id: 'decide',
            type: 'decision',
            title: 'Roll back?',
            question: 'Is it the deploy?',
            answers: [{ label: 'Yes' }, { label: 'No' }],
          },
          { id: 'isolate', type: 'action', title: 'Isolate', action: 'isolate_host', depends_on: ['look'] },
          { id: 'done-one', type: 'check', title: 'Page', sla: 5 },
        ],
      },
    ],
  });
  const incident = makeTeamsIncident();
  const states = [
    makeStepState('look', { claimedBy: 'aad-bob' }),
    makeStepState('done-one', { status: 'skipped', doneBy: 'aad-ann', reason: HOSTILE }),
  ];

  it('per step: its line, instructions, and claim/done/skip/N/A or the answers, each verb carrying run and step', () => {
    const view = describeStage(incident, makeRun(playbook), states, 'triage', f, NOW);
    if (!view) throw new Error('no stage');
    const a = stageCard(view, teamsCtx());
    expectSound(a);
    expect(hostileLeaks(a)).toEqual([]);
    expect(
      buttons(a).map((b) => `${b.verb} ${b.title} ${JSON.stringify(b.data)}${b.mode ? ` ${b.mode}` : ''}`),
    ).toEqual([
      'step.done Done {"r":7,"s":"look"}',
      'step.skip Skip {"r":7,"s":"look"}',
      'step.na N/A {"r":7,"s":"look"} secondary',
      'step.answer Yes {"r":7,"s":"decide","a":"Yes"}',
      'step.answer No {"r":7,"s":"decide","a":"No"}',
      'step.skip Skip {"r":7,"s":"decide"}',
      'step.claim Assign to me {"r":7,"s":"decide"} secondary',
      'step.na N/A {"r":7,"s":"decide"} secondary',
    ]);
    expect(card(a).body.some((e) => e.type === 'Input.Text' && e.id === 'reason')).toBe(true);
    expect(
      card(a)
        .msteams.entities?.map((e) => e.mentioned.id)
        .sort(),
    ).toEqual(['29:ann', '29:bob']);
    expect(card(a).refresh?.action.data).toEqual({ card: 'stage', runId: 7, stageId: 'triage' });
  });

  it('a detached run shows the steps without buttons or reason box', () => {
    const view = describeStage(incident, makeRun(playbook, { status: 'detached' }), states, 'triage', f, NOW);
    if (!view) throw new Error('no stage');
    const a = stageCard(view, teamsCtx());
    expectSound(a);
    expect(buttons(a)).toEqual([]);
    expect(card(a).body.some((e) => e.type === 'Input.Text')).toBe(false);
  });
});

describe('approval, triage and storm cards', () => {
  it('approval: Approve / Reject with the reason box while pending, none once decided', () => {
    const pending = approvalCard(
      describeApproval(makeApproval({ params: JSON.stringify({ host: HOSTILE }) }), `Isolate ${HOSTILE}`, f),
      teamsCtx(),
    );
    expectSound(pending);
    expect(hostileLeaks(pending)).toEqual([]);
    expect(buttons(pending).map((b) => [b.verb, b.data])).toEqual([
      [VERB.approveAction, { approvalId: 3 }],
      [VERB.rejectAction, { approvalId: 3 }],
    ]);
    const decided = approvalCard(
      describeApproval(makeApproval({ status: 'rejected', decidedBy: 'aad-ann', reason: HOSTILE }), 'Isolate', f),
      teamsCtx(),
    );
    expectSound(decided);
    expect(hostileLeaks(decided)).toEqual([]);
    expect(buttons(decided)).toEqual([]);
    expect(card(decided).body.some((e) => e.type === 'Input.Text')).toBe(false);
  });

  it('triage: Declare incident / Dismiss while pending; a test alert can only be dismissed', () => {
    const alert = makeAlertRecord({ title: HOSTILE }, makeAlert({ description: HOSTILE, asset: { host: HOSTILE } }));
    const a = triageCard(describeTriageAlert(alert, f), teamsCtx());
    expectSound(a);
    expect(hostileLeaks(a)).toEqual([]);
    expect(buttons(a).map((b) => [b.verb, b.data])).toEqual([
      [VERB.declareAlert, { alertId: 9 }],
      [VERB.dismissAlert, { alertId: 9 }],
    ]);
    const test = triageCard(describeTriageAlert(makeAlertRecord({}, makeAlert({ test: true })), f), teamsCtx());
    expect(buttons(test).map((b) => b.verb)).toEqual([VERB.dismissAlert]);
    const dismissed = triageCard(
      describeTriageAlert(makeAlertRecord({ triage: 'dismissed', triageBy: 'aad-bob', triageReason: HOSTILE }), f),
      teamsCtx(),
    );
    expectSound(dismissed);
    expect(buttons(dismissed)).toEqual([]);
    expect(hostileLeaks(dismissed)).toEqual([]);
  });

  it('storm: a Declare separately per urgent row, with the shared split encoding', () => {
    const alerts = [
      makeAlertRecord({ id: 1, service: 'checkout', title: HOSTILE, priority: 'P1' }),
      makeAlertRecord({ id: 2, service: null, title: 'Lonely alert' }),
    ];
    const a = stormCard(describeStormSummary(makeTeamsIncident(), makeStorm(), alerts, [], f), teamsCtx());
    expectSound(a);
    expect(hostileLeaks(a)).toEqual([]);
    expect(buttons(a).map((b) => [b.verb, b.title, b.data])).toEqual([
      [VERB.stormSplit, 'Declare separately', { i: 42, s: 'checkout' }],
      [VERB.stormSplit, 'Declare separately', { i: 42, a: 2 }],
    ]);
  });
});

describe('prompts and text', () => {
  it('resolve prompt, confirm-resolve and postmortem prompt carry their buttons; Resolve names the card it was pressed on', () => {
    const incident = makeTeamsIncident({ status: 'resolved', resolvedAt: T0 });
    const cases: Array<[CardActivity, Array<[string, string, Record<string, unknown>]>]> = [
      [
        resolvePromptCard(42, 'All alerts of INC-0042 are resolved.', teamsCtx()),
        [[VERB.resolve, 'Resolve', { incidentId: 42, card: 'resolve_prompt' }]],
      ],
      [
        confirmResolveCard(42, '2 steps are still open. Resolve INC-0042 anyway?', teamsCtx()),
        [
          [VERB.resolveConfirmed, 'Resolve anyway', { incidentId: 42, card: 'header' }],
          [VERB.refresh, 'Keep it open', { card: 'header', incidentId: 42 }],
        ],
      ],
      [
        confirmResolveCard(42, '2 steps are still open. Resolve INC-0042 anyway?', teamsCtx(), 'resolve_prompt'),
        [
          [VERB.resolveConfirmed, 'Resolve anyway', { incidentId: 42, card: 'resolve_prompt' }],
          [VERB.refresh, 'Keep it open', { card: 'resolve_prompt', incidentId: 42 }],
        ],
      ],
    ];
    for (const [a, expected] of cases) {
      expectSound(a);
      expect(buttons(a).map((b) => [b.verb, b.title, b.data])).toEqual(expected);
      expect(card(a).refresh).toBeUndefined();
    }
    // The postmortem is a dialog: its button opens it (task/fetch) with the same verb and data.
    const postmortem = postmortemPromptCard(42, describePostmortemPrompt(incident, null, undefined, f), teamsCtx());
    expectSound(postmortem);
    expect(card(postmortem).actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Start postmortem',
        data: { msteams: { type: 'task/fetch' }, verb: VERB.startPostmortem, incidentId: 42 },
        style: 'positive',
      },
    ]);
    expect(card(postmortem).refresh).toBeUndefined();
    expect(texts(postmortem)).toContain('<at>Ann Lee</at>: INC-0042 is resolved.');
  });

  it('each ChatView kind the port is given becomes its card', () => {
    const incident = makeTeamsIncident();
    const header = describeIncident(incident, [], ['comms'], NOW);
    const verbs = (a: CardActivity) => buttons(a).map((b) => b.verb);
    expect(verbs(chatViewCard({ kind: 'header', incident, view: header }, teamsCtx()))).toEqual(
      verbs(headerCard(incident, header, teamsCtx())),
    );
    expect(verbs(chatViewCard({ kind: 'resolve_prompt', incidentId: 42, text: 'x' }, teamsCtx()))).toEqual([
      VERB.resolve,
    ]);
    expect(
      card(chatViewCard({ kind: 'postmortem_prompt', incidentId: 42, text: 'x' }, teamsCtx())).actions?.map(
        (a) => a.type === 'Action.Submit' && a.data.verb,
      ),
    ).toEqual([VERB.startPostmortem]);
    expect(
      verbs(chatViewCard({ kind: 'approval', view: describeApproval(makeApproval(), 'Isolate', f) }, teamsCtx())),
    ).toEqual([VERB.approveAction, VERB.rejectAction]);
    expect(
      verbs(chatViewCard({ kind: 'triage', view: describeTriageAlert(makeAlertRecord(), f) }, teamsCtx())),
    ).toEqual([VERB.declareAlert, VERB.dismissAlert]);
    expect(
      verbs(
        chatViewCard(
          { kind: 'storm', view: describeStormSummary(incident, makeStorm(), [makeAlertRecord()], [], f) },
          teamsCtx(),
        ),
      ),
    ).toEqual([VERB.stormSplit]);
    expect(verbs(chatViewCard({ kind: 'text', text: 'hello' }, teamsCtx()))).toEqual([]);
  });

  it('plain rich text: mentions notify, user text stays inert', () => {
    const a = textCard(`${f.user('aad-bob')} noted: ${f.text(HOSTILE)}`, teamsCtx());
    expectSound(a);
    expect(hostileLeaks(a)).toEqual([]);
    expect(card(a).msteams.entities?.map((e) => e.mentioned.id)).toEqual(['29:bob']);
    expect(card(a).actions).toBeUndefined();
  });
});

describe('the card checks themselves', () => {
  const good = () => approvalCard(describeApproval(makeApproval(), 'Isolate', f), teamsCtx());
  const mutate = (change: (c: Record<string, any>) => void) => {
    const a = structuredClone(good());
    change(a.attachments[0].content as unknown as Record<string, any>);
    return cardProblems(a);
  };

  it('catch a missing fallback, an unknown verb, a wrong version, stray mentions and an oversized refresh', () => {
    expect(cardProblems(good())).toEqual([]);
    expect(mutate((c) => delete c.actions[0].fallback)).toEqual([
      'actions: approval.approve has no matching Action.Submit fallback',
    ]);
    expect(mutate((c) => (c.actions[0].fallback.data = { verb: 'approval.approve', approvalId: 4 }))).toEqual([
      'actions: fallback data differs',
    ]);
    expect(mutate((c) => (c.actions[0].verb = 'approval.yolo')).join()).toMatch(
      /verb approval.yolo is not a button verb/,
    );
    expect(mutate((c) => (c.version = '1.4'))).toEqual(['card AdaptiveCard version 1.4']);
    expect(mutate((c) => (c.body[0].text = '<at>Ann Lee</at> hi'))).toEqual([
      'mention <at>Ann Lee</at> has 0 entities',
      'entity <at>Bob Stone</at> not in any TextBlock',
    ]);
    expect(
      mutate(
        (c) =>
          (c.msteams.entities = [{ type: 'mention', text: '<at>Zed</at>', mentioned: { id: '29:z', name: 'Zed' } }]),
      ),
    ).toEqual(['mention <at>Bob Stone</at> has 0 entities', 'entity <at>Zed</at> not in any TextBlock']);
    expect(mutate((c) => (c.refresh.userIds = Array.from({ length: 61 }, (_, i) => `29:${i}`)))).toEqual([
      'refresh.userIds not 1–60 ids',
    ]);
    expect(mutate((c) => c.body.push({ type: 'Image', url: 'https://x' }))).toEqual(['body: element Image']);
    expect(mutate((c) => (c.body[1].placeholder = 'x \uE000u1\uE001'))).toEqual(['unresolved token in placeholder']);
  });

  it('catch unescaped person text', () => {
    expect(hostileLeaks(textCard(HOSTILE, teamsCtx()))).toEqual([
      '<at>Mallory',
      '](https://evil',
      '**urgent**',
      '_hi_',
      '{{DATE(2030',
      '<b>',
      '&lt;at&gt;',
      'Victim Person',
    ]);
  });
});

describe("every button decodes to the shared layer's press", () => {
  it('verb and data (and the Action.Submit fallback) give the press the button means; anything else is refused', () => {
    const incident = makeTeamsIncident();
    const playbook = Playbook.parse({
      id: 'pb',
      title: 'P',
      version: 1,
      description: 'x',
      stages: [
        {
          id: 'triage',
          title: 'T',
          steps: [
            { id: 'a', type: 'check', title: 'A' },
            { id: 'b', type: 'decision', title: 'B', question: 'Q?', answers: [{ label: 'Yes' }, { label: 'No' }] },
            { id: 'c', type: 'action', title: 'C', action: 'isolate_host' },
          ],
        },
      ],
    });
    const stage = describeStage(incident, makeRun(playbook), [], 'triage', f, NOW);
    if (!stage) throw new Error('no stage');
    const cards = [
      headerCard(incident, describeIncident(incident, [], ['comms'], NOW), teamsCtx()),
      stageCard(stage, teamsCtx()),
      approvalCard(describeApproval(makeApproval(), 'Isolate', f), teamsCtx()),
      triageCard(describeTriageAlert(makeAlertRecord(), f), teamsCtx()),
      stormCard(
        describeStormSummary(
          incident,
          makeStorm(),
          [makeAlertRecord({ service: 'db' }), makeAlertRecord({ id: 2, service: null })],
          [],
          f,
        ),
        teamsCtx(),
      ),
      resolvePromptCard(42, 'x', teamsCtx()),
      confirmResolveCard(42, 'x', teamsCtx()),
    ];
    // Update status and Start postmortem open dialogs (task/fetch): their data is the same press.
    const openers = [
      ...(card(cards[0] as CardActivity).actions ?? []),
      ...(card(postmortemPromptCard(42, 'x', teamsCtx())).actions ?? []),
    ].flatMap((o) => (o.type === 'Action.Submit' ? [o.data] : []));
    expect(openers.map(({ verb, msteams: _msteams, ...data }) => teamsButtonPress(verb, data))).toEqual([
      { kind: 'update-status', incidentId: 42 },
      { kind: 'postmortem-start', incidentId: 42 },
    ]);
    // Keep it open is no press: it draws a card again (the refresh verb), so its data names the card.
    const [pressing, drawing] = [
      cards.flatMap(buttons).filter((b) => b.verb !== VERB.refresh),
      cards.flatMap(buttons).filter((b) => b.verb === VERB.refresh),
    ];
    expect(drawing.map((b) => CardTarget.parse(b.data))).toEqual([{ card: 'header', incidentId: 42 }]);
    const presses = pressing.map((b) => {
      const press = teamsButtonPress(b.verb, b.data);
      const { verb, ...data } = b.fallback.data;
      expect(teamsButtonPress(verb, data)).toEqual(press);
      return press;
    });
    expect(presses).toEqual([
      { kind: 'acknowledge', incidentId: 42 },
      { kind: 'take-lead', incidentId: 42 },
      { kind: 'resolve', incidentId: 42, confirmed: false },
      { kind: 'step', action: 'done', runId: 7, stepId: 'a', answer: null },
      { kind: 'step', action: 'skip', runId: 7, stepId: 'a', answer: null },
      { kind: 'step', action: 'claim', runId: 7, stepId: 'a', answer: null },
      { kind: 'step', action: 'na', runId: 7, stepId: 'a', answer: null },
      { kind: 'step', action: 'answer', runId: 7, stepId: 'b', answer: 'Yes' },
      { kind: 'step', action: 'answer', runId: 7, stepId: 'b', answer: 'No' },
      { kind: 'step', action: 'skip', runId: 7, stepId: 'b', answer: null },
      { kind: 'step', action: 'claim', runId: 7, stepId: 'b', answer: null },
      { kind: 'step', action: 'na', runId: 7, stepId: 'b', answer: null },
      { kind: 'step', action: 'request', runId: 7, stepId: 'c', answer: null },
      { kind: 'step', action: 'skip', runId: 7, stepId: 'c', answer: null },
      { kind: 'step', action: 'claim', runId: 7, stepId: 'c', answer: null },
      { kind: 'step', action: 'na', runId: 7, stepId: 'c', answer: null },
      { kind: 'approve', approvalId: 3 },
      { kind: 'reject', approvalId: 3 },
      { kind: 'triage-declare', alertId: 9 },
      { kind: 'triage-dismiss', alertId: 9 },
      { kind: 'storm-split', stormIncidentId: 42, target: { alertId: 2 } },
      { kind: 'storm-split', stormIncidentId: 42, target: { service: 'db' } },
      { kind: 'resolve', incidentId: 42, confirmed: false },
      { kind: 'resolve', incidentId: 42, confirmed: true },
    ]);
    expect(teamsButtonPress('incident.acknowledge', { incidentId: 'x' })).toBeNull();
    expect(teamsButtonPress('incident.nuke', { incidentId: 42 })).toBeNull();
    expect(teamsButtonPress('refresh', { card: 'header', incidentId: 42 })).toBeNull();
    expect(teamsButtonPress('toString', {})).toBeNull();
    expect(teamsButtonPress('step.done', null)).toBeNull();
  });
});
