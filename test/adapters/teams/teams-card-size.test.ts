import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAttackCatalog } from '../../../src/catalog/load-attack-catalog.js';
import { loadPlaybooks } from '../../../src/catalog/load-playbooks.js';
import { describeStage } from '../../../src/core/playbook/describe-stage.js';
import { Playbook } from '../../../src/core/playbook/playbook-schema.js';
import type { StepState } from '../../../src/core/playbook/playbook-run.js';
import { describeStormSummary } from '../../../src/core/storm/describe-storm-summary.js';
import { buildCardActivity } from '../../../src/adapters/teams/presenters/build-card-activity.js';
import { textBlock } from '../../../src/adapters/teams/presenters/card-elements.js';
import {
  activityBytes,
  CARD_BUDGET_BYTES,
  fitCard,
  TEAMS_POST_LIMIT_BYTES,
} from '../../../src/adapters/teams/presenters/fit-card.js';
import { textCard } from '../../../src/adapters/teams/presenters/prompt-cards.js';
import { stageCard } from '../../../src/adapters/teams/presenters/stage-card.js';
import { stormCard } from '../../../src/adapters/teams/presenters/storm-card.js';
import { trimNote } from '../../../src/adapters/teams/presenters/trim-note.js';
import { teamsConnector } from '../../../src/adapters/teams/teams-connector.js';
import { teamsFmt } from '../../../src/adapters/teams/teams-fmt.js';
import { teamsTextMessage } from '../../../src/adapters/teams/teams-text-message.js';
import { teamsTokenClient } from '../../../src/adapters/teams/teams-token-client.js';
import { DeliveryError } from '../../../src/core/delivery-error.js';
import { startFakeBotFramework, type FakeBotFramework } from '../../fakes/fake-bot-framework.js';
import { cardProblems } from '../../support/teams-card-invariants.js';
import {
  makeAlertRecord,
  makeRun,
  makeStepState,
  makeStorm,
  makeTeamsIncident,
  teamsCtx,
} from '../../support/teams-card-fixtures.js';

const f = teamsFmt;
const NOW = new Date('2026-11-25T09:30:00.000Z');
const shipped = loadPlaybooks(join(process.cwd(), 'playbooks'), loadAttackCatalog());
/** Long, and wide in UTF-16: emoji are two units each. */
const LONG_TITLE = `Checkout 🚨 ${'payments outage across every region '.repeat(3)}`.slice(0, 120);
const longNote = (n: number) =>
  `${'Checked the EDR console, the firewall and the proxy logs; nothing found for this host 🔍 '.repeat(n)}`;

/** A viewer's note as long as the core's refusals get (a step title at its 150-character maximum, the role, the command). */
const VIEWER_NOTE = `"${'Isolate every affected host from the network before anything else '.repeat(3).slice(0, 150)}" belongs to the security-operations role or the incident lead and is claimed by someone else. Ask them, or have the lead reassign it. (four eyes)`;

describe('stage cards stay under Teams’ 28 KB', () => {
  it('has playbooks to check', () => {
    expect(shipped.problems).toEqual([]);
    expect(shipped.playbooks.length).toBeGreaterThanOrEqual(7);
  });

  for (const playbook of shipped.playbooks) {
    for (const stage of playbook.stages) {
      it(`${playbook.id} · ${stage.id}: fresh, and with every other step settled with long notes and claims`, () => {
        const incident = makeTeamsIncident({ title: LONG_TITLE });
        const fresh: StepState[] = [];
        const busy = stage.steps.map((s, i) =>
          i % 2 === 0
            ? makeStepState(s.id, {
                status: 'skipped',
                doneBy: 'aad-bob',
                reason: longNote(6),
                answer: s.type === 'decision' ? (s.answers[0]?.label ?? null) : null,
              })
            : makeStepState(s.id, { claimedBy: 'aad-cyd' }),
        );
        for (const states of [fresh, busy]) {
          const view = describeStage(incident, makeRun(playbook), states, stage.id, f, NOW);
          if (!view) throw new Error('no stage');
          // As posted for everyone, and as a refresh draws it for one viewer, with their note under it.
          for (const ctx of [teamsCtx(), teamsCtx({ note: VIEWER_NOTE })]) {
            const activity = stageCard(view, ctx);
            expect(cardProblems(activity)).toEqual([]);
            expect(activityBytes(activity)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
            // Every step is still on the card, whatever had to go.
            for (const step of stage.steps) expect(JSON.stringify(activity)).toContain(f.text(step.title).slice(0, 30));
            if (ctx.note) expect(JSON.stringify(activity)).toContain('four eyes');
          }
        }
      });
    }
  }

  it('the largest stage a playbook may have (20 decisions × 5 answers, longest texts) fits by shedding, listing every step', () => {
    const steps = Array.from({ length: 20 }, (_, i) => ({
      id: `decide-${String(i).padStart(2, '0')}-${'x'.repeat(40)}`,
      type: 'decision' as const,
      title: `Decision number ${i}: ${'decide whether the affected hosts 🔥 '.repeat(6)}`.slice(0, 150),
      question: 'Q? '.repeat(100).trim(),
      instructions: `- ${'Look at the EDR console and the proxy logs. '.repeat(70)}`.slice(0, 3000),
      answers: Array.from({ length: 5 }, (_, a) => ({ label: `Answer ${a} ${'y'.repeat(60)}`.slice(0, 75) })),
    }));
    const playbook = Playbook.parse({
      id: 'huge',
      title: 'H'.repeat(120),
      version: 1,
      description: 'x',
      stages: [{ id: 'triage', title: 'T'.repeat(100), steps }],
    });
    const view = describeStage(makeTeamsIncident({ title: LONG_TITLE }), makeRun(playbook), [], 'triage', f, NOW);
    if (!view) throw new Error('no stage');
    const activity = stageCard(view, teamsCtx());
    const json = JSON.stringify(activity);
    expect(cardProblems(activity)).toEqual([]);
    expect(activityBytes(activity)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    for (const step of steps) expect(json).toContain(step.id);
    steps.forEach((_, i) => expect(json).toContain(`Decision number ${i}:`));
    expect(json).toContain('did not fit with buttons: type **@warroom step done');
  });
});

describe('fitCard trims what does not fit', () => {
  it('an oversized text is cut at a word, ends with the trimmed note and fits; a small one is untouched', () => {
    const huge = `${f.user('aad-ann')} wrote: ${f.text('word '.repeat(20_000))}`;
    const untrimmed = buildCardActivity(
      { body: [textBlock(huge)], summary: 'x', refresh: null, trimmable: [] },
      teamsCtx(),
    );
    expect(activityBytes(untrimmed)).toBeGreaterThan(TEAMS_POST_LIMIT_BYTES);
    const activity = textCard(huge, teamsCtx());
    const text = (activity.attachments[0].content.body[0] as { text: string }).text;
    expect(activityBytes(activity)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(activityBytes(activity)).toBeGreaterThan(CARD_BUDGET_BYTES - 2_000);
    expect(text.startsWith('<at>Ann Lee</at> wrote: word word')).toBe(true);
    expect(text.endsWith('word… _(trimmed; see **@warroom timeline**)_')).toBe(true);
    expect(cardProblems(activity)).toEqual([]);
    const small = textCard('short', teamsCtx());
    expect((small.attachments[0].content.body[0] as { text: string }).text).toBe('short');
  });

  it('a mention past the cut goes with its entity; one before it keeps its entity', () => {
    const text = `${f.user('aad-ann')} ${'a '.repeat(20_000)}${f.user('aad-bob')}`;
    const activity = textCard(text, teamsCtx());
    expect(activity.attachments[0].content.msteams.entities?.map((e) => e.mentioned.id)).toEqual(['29:ann']);
    expect(cardProblems(activity)).toEqual([]);
  });

  it('says so when trimming cannot make it fit, so a presenter can shed more', () => {
    const block = textBlock('x'.repeat(100));
    const result = fitCard(
      { body: [block], summary: 'x', refresh: null, trimmable: [{ block, note: trimNote(f) }] },
      teamsCtx(),
      200,
    );
    expect(result.fits).toBe(false);
    expect((result.activity.attachments[0].content.body[0] as { text: string }).text).toMatch(/trimmed/);
  });

  it('a storm at its largest (20 rows of 1,500 characters and the rest) fits', () => {
    const alerts = Array.from({ length: 400 }, (_, i) =>
      makeAlertRecord({
        id: i + 1,
        service: i < 380 ? `service-${i % 40}` : null,
        title: `${'Very long alert title about latency 🚨 '.repeat(4)} #${i}`,
        priority: i % 3 === 0 ? 'P1' : 'P2',
        receivedCount: 1_000 + i,
      }),
    );
    const activity = stormCard(describeStormSummary(makeTeamsIncident(), makeStorm(), alerts, [], f), teamsCtx());
    expect(cardProblems(activity)).toEqual([]);
    expect(activityBytes(activity)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  });

  it('a plain message is trimmed the same way', () => {
    const message = teamsTextMessage(f.text('word '.repeat(20_000)), { fmt: f, people: teamsCtx().people });
    expect(activityBytes(message)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(message.text).toMatch(/… _\(trimmed; see \*\*@warroom timeline\*\*\)_$/);
  });
});

describe('at the Bot Connector', () => {
  const APP_ID = '00000000-0000-4000-8000-00000000a11d';
  let fake: FakeBotFramework;
  beforeEach(async () => {
    fake = await startFakeBotFramework({ appId: APP_ID, clientSecret: 'fake-client-secret' });
  });
  afterEach(() => fake.stop());

  it('a trimmed card is accepted where the same text untrimmed is refused as too big', async () => {
    const connector = teamsConnector(
      teamsTokenClient({ appId: APP_ID, clientSecret: 'fake-client-secret', tenantId: 't', loginUrl: fake.loginUrl }),
    );
    const huge = f.text('word '.repeat(20_000));
    const untrimmed = buildCardActivity(
      { body: [textBlock(huge)], summary: 'x', refresh: null, trimmable: [] },
      teamsCtx(),
    );
    const refused = await connector.send(fake.serviceUrl, '19:room@thread.tacv2', untrimmed).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DeliveryError);
    expect((refused as DeliveryError).disposition).toBe('permanent');
    await expect(connector.send(fake.serviceUrl, '19:room@thread.tacv2', textCard(huge, teamsCtx()))).resolves.toMatch(
      /^fake-activity-/,
    );
  });
});
