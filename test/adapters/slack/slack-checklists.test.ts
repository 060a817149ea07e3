import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackFmt } from '../../../src/adapters/slack/slack-fmt.js';
import { stageBlocks } from '../../../src/adapters/slack/presenters/stage-blocks.js';
import { loadAttackCatalog } from '../../../src/catalog/load-attack-catalog.js';
import { loadPlaybooks } from '../../../src/catalog/load-playbooks.js';
import { describeStage } from '../../../src/core/playbook/describe-stage.js';
import type { Incident } from '../../../src/core/incident/incident.js';
import { validateBlocks } from '../../fakes/fake-slack-blocks.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

const shipped = loadPlaybooks(join(process.cwd(), 'playbooks'), loadAttackCatalog()).playbooks;

describe('checklist messages of every shipped playbook stay within Block Kit limits', () => {
  const incident = { id: 1, ref: 'INC-0042', title: 'x' } as Incident;
  for (const playbook of shipped) {
    for (const stage of playbook.stages) {
      it(`${playbook.id} / ${stage.id}`, () => {
        const run = {
          id: 7,
          incidentId: 1,
          playbookId: playbook.id,
          version: playbook.version,
          definition: JSON.stringify(playbook),
          status: 'active' as const,
          attachedAt: '2026-11-24T09:00:00.000Z',
          attachedBy: 'router',
          reason: 'r',
          detachedAt: null,
          stageStarts: JSON.stringify({ [stage.id]: '2026-11-24T09:00:00.000Z' }),
          stageMessages: '{}',
        };
        const view = describeStage(incident, run, [], stage.id, slackFmt, new Date('2026-11-24T09:30:00.000Z'));
        const { blocks } = stageBlocks(view ?? (undefined as never));
        expect(validateBlocks(blocks, { max: 50, pointer: '/blocks' })).toEqual([]);
      });
    }
  }
});

describe('a playbook checklist in a Slack war room', () => {
  let h: SlackHarness;
  let room: string;
  beforeAll(async () => {
    h = await startSlackHarness();
    ({ channelId: room } = await h.declare('Ransom note on fin-ws-12 sev1'));
  });
  afterAll(() => h.stop());

  const stageMessage = () =>
    h.fake.messages.find(
      (m) => m.channel === room && JSON.stringify(m.blocks ?? []).includes('Ransomware on a host · Identify and scope'),
    );

  it('is attached by the router and posted as the first stage checklist', async () => {
    await h.fake.waitFor(() => stageMessage() !== undefined);
    expect(h.kinds(1)).toContain('playbook.attached');
    expect(
      h.fake.messages.filter(
        (m) => m.channel === room && JSON.stringify(m.blocks ?? []).includes('Ransomware on a host ·'),
      ),
    ).toHaveLength(1);
  });

  it('Done on a step edits the checklist in place and records who did it', async () => {
    const message = stageMessage();
    const blocks = JSON.stringify(message?.blocks);
    const done =
      /"action_id":"(step:done:[a-z0-9-]+)","text":\{"type":"plain_text","text":"Done"\},"value":"((?:[^"\\]|\\.)*)"/.exec(
        blocks,
      );
    expect(done).not.toBeNull();
    const value = JSON.parse(`"${done?.[2] ?? ''}"`) as string;
    const before = message?.updates ?? 0;
    // The first step requires evidence: Done is refused until some was collected in this stage.
    const refused = await h.click({ action_id: done?.[1] ?? '', value, user_id: 'U1', channel_id: room });
    expect((await h.waitForReplies(refused.responseUrl, 1))[0]).toMatch(
      /needs evidence first: `\/incident evidence add/,
    );
    const added = await h.command('evidence add EDR: fin-ws-12 and fin-ws-14 encrypted, first rename 09:12 UTC', {
      channel_id: room,
    });
    expect((await h.waitForReplies(added.responseUrl, 1))[0]).toMatch(/evidence/i);
    const { responseUrl } = await h.click({ action_id: done?.[1] ?? '', value, user_id: 'U1', channel_id: room });
    expect(await h.waitForReplies(responseUrl, 1)).toEqual(['Marked done.']);
    await h.fake.waitFor(() => (stageMessage()?.updates ?? 0) > before);
    expect(JSON.stringify(stageMessage()?.blocks)).toContain('by <@U1>');
    expect(h.kinds(1).at(-1)).toBe('step.completed');
  });

  it('a click by someone without the owner role is refused with who may act', async () => {
    await h.command('role security <@U3>', { channel_id: room });
    await h.fake.waitFor(() => h.app.store.roles.get(1, 'security')?.userId === 'U3');
    const blocks = JSON.stringify(stageMessage()?.blocks);
    const done =
      /"action_id":"(step:done:[a-z0-9-]+)","text":\{"type":"plain_text","text":"Done"\},"value":"((?:[^"\\]|\\.)*)"/.exec(
        blocks,
      );
    const { responseUrl } = await h.click({
      action_id: done?.[1] ?? '',
      value: JSON.parse(`"${done?.[2] ?? ''}"`) as string,
      user_id: 'U2',
      channel_id: room,
    });
    expect((await h.waitForReplies(responseUrl, 1))[0]).toMatch(
      /belongs to the (security|ops|comms) role or the incident lead/,
    );
  });

  it('a forged or stale button value is refused without touching anything', async () => {
    const { responseUrl } = await h.click({
      action_id: 'step:done:identify-affected-hosts',
      value: '{"r":999,"s":"other"}',
      user_id: 'U1',
      channel_id: room,
    });
    expect(await h.waitForReplies(responseUrl, 1)).toEqual([
      'That button is out of date. Scroll to the latest checklist message.',
    ]);
  });

  it('/incident playbook list shows progress per stage and what else can be attached', async () => {
    const { responseUrl } = await h.command('playbook list', { channel_id: room });
    const [list] = await h.waitForReplies(responseUrl, 1);
    expect(list).toMatch(
      /^\*Playbooks on INC-0001\*\n• `ransomware-host` v\d+ Ransomware on a host — triage 1\/\d+ · containment 0\/\d+/,
    );
    expect(list).toContain('Available: ');
  });
});
