import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;
beforeEach(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Checkout returns 500s')); // U1 declares and leads
});
afterEach(() => h.stop());

/** `/incident <text>` typed in the war room by `user`; the reply only they see. */
async function as(user: string, text: string): Promise<string> {
  const { responseUrl } = await h.command(text, { channel_id: room, user_id: user });
  return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
}

describe('/incident step: the checklist by typing, same rules as the buttons', () => {
  it('lists open steps with their ids, then claims, completes, answers, skips, requests and approves with four eyes', async () => {
    expect(await as('U1', 'playbook attach service-outage')).toMatch(/Attached/);
    await as('U1', 'role ops <@U2>');
    const open = await as('U1', 'step');
    expect(open).toMatch(/^\*Open steps on INC-0001\*\n/);
    for (const id of ['confirm-impact', 'assign-roles', 'recent-change', 'status-page-initial'])
      expect(open).toContain(`\`service-outage/${id}\``);
    expect(open).not.toContain('rollback-deploy'); // containment has not started

    expect(await as('U2', 'step claim confirm-impact')).toBe(
      '`confirm-impact` (Confirm customer impact and scope) is yours: your name is on the step.',
    );
    expect(await as('U3', 'step done confirm-impact')).toMatch(
      /belongs to the ops role or the incident lead and is claimed by someone else/,
    );
    expect(await as('U2', 'step done confirm-impact')).toBe(
      'Marked `confirm-impact` (Confirm customer impact and scope) done.',
    );
    expect(await as('U1', 'step done assign-roles')).toMatch(/^Marked `assign-roles`/);
    expect(await as('U2', 'step done recent-change')).toBe(
      '`recent-change` (Check recent deploys and changes) is a decision: `/incident step answer recent-change &lt;Yes|No&gt;`.',
    );
    expect(await as('U2', 'step answer recent-change Yes')).toBe(
      'Answered `recent-change` (Check recent deploys and changes): Yes.',
    );
    expect(await as('U1', 'step skip status-page-initial')).toBe('Say why in a few words: it goes into the timeline.');
    expect(await as('U1', 'step skip status-page-initial internal only, no customers')).toBe(
      'Skipped `status-page-initial` (Post the first status page update): internal only, no customers',
    );

    expect(await as('U2', 'step done rollback-deploy')).toBe(
      '`rollback-deploy` (Roll back the suspect change) runs an action after approval: `/incident step request rollback-deploy`.',
    );
    expect(await as('U2', 'step approve rollback-deploy')).toMatch(/^Nothing waits for approval on `rollback-deploy`/);
    expect(await as('U2', 'step request rollback-deploy')).toMatch(
      /^Requested `rollback-deploy` .*Someone other than you with the lead role approves it with `\/incident step approve rollback-deploy`\.$/,
    );
    expect(await as('U2', 'step approve rollback-deploy')).toBe(
      'You requested rollback_deploy; someone else with the lead role must approve or reject it (four eyes).',
    );
    expect(await as('U1', 'step approve rollback-deploy')).toMatch(/^Approved rollback_deploy; it runs now\.$/);
    await h.fake.waitFor(() => h.kinds(1).includes('action.executed'), 10_000);

    const viaCommand = h.app.store.timeline
      .forIncident(1)
      .filter((e) => e.kind.startsWith('step.'))
      .map((e) => `${e.kind}:${(JSON.parse(e.payload) as { via?: string }).via ?? '-'}`);
    expect(viaCommand).toEqual(
      expect.arrayContaining([
        'step.claimed:command',
        'step.completed:command',
        'step.answered:command',
        'step.skipped:command',
      ]),
    );
  });

  it('says what to type when the step or the playbook is unknown', async () => {
    expect(await as('U1', 'step done scope')).toBe(
      'No playbook is attached to INC-0001: `/incident playbook attach &lt;id&gt;` first.',
    );
    await as('U1', 'playbook attach service-outage');
    expect(await as('U1', 'step done nope')).toBe(
      'No step `nope` in the playbooks on INC-0001. `/incident step` lists the open ones with their ids.',
    );
    expect(await as('U1', 'step done phishing/report')).toBe(
      'Playbook `phishing` is not attached to INC-0001. `/incident playbook list` shows what is.',
    );
    expect(await as('U1', 'step frobnicate confirm-impact')).toBe(
      'Unknown step command "frobnicate". Usage: `/incident step [done|claim|skip|na|answer|request|approve|reject] &lt;step&gt; [reason or answer]`',
    );
  });
});
