import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxHarness, type SandboxHarness } from '../../support/sandbox-harness.js';

let h: SandboxHarness;
let room = '';
beforeAll(async () => {
  h = await startSandboxHarness();
  room = (await h.type('alice', 'general', '/incident declare Checkout returns 500s sev2')).json.openChannelId ?? '';
  expect(room).not.toBe('');
  for (const user of ['bob', 'carol'])
    expect((await h.post(`/sandbox/api/channels/${room}/join`, { user })).status).toBe(200);
});
afterAll(() => h.stop());

/** `/incident <text>` typed in the war room; the private reply `user` got for it. */
async function say(user: string, text: string): Promise<string> {
  const before = (await h.messages(room, user)).filter((m) => m.ephemeral).length;
  expect((await h.post('/sandbox/api/messages', { user, channelId: room, text: `/incident ${text}` })).status).toBe(
    200,
  );
  const replies = (await h.messages(room, user)).filter((m) => m.ephemeral);
  expect(replies.length).toBeGreaterThan(before);
  return replies.at(-1)?.text ?? '';
}
const posted = async () => (await h.messages(room, 'dave')).filter((m) => !m.ephemeral).map((m) => m.text);

describe('the sandbox timeline names who did what', () => {
  it('a note says who wrote it, in the channel and on the timeline', async () => {
    expect(await say('carol', 'note status page says Investigating')).toMatch(/^Noted in the INC-0001 timeline/);
    await expect.poll(posted).toContain(':memo: Note by Carol Medina (@carol): status page says Investigating');
    expect(await say('dave', 'timeline')).toContain(
      ':memo: Note by Carol Medina (@carol): status page says Investigating',
    );
  });

  it('an approval names the requester and a different approver (four eyes)', async () => {
    expect(await say('alice', 'playbook attach service-outage')).toMatch(/Attached/);
    await say('alice', 'role ops @bob');
    expect(await say('bob', 'step done confirm-impact')).toMatch(/^Marked/);
    expect(await say('bob', 'step answer recent-change Yes')).toMatch(/^Answered/);
    expect(await say('alice', 'step skip status-page-initial internal only')).toMatch(/^Skipped/);
    expect(await say('alice', 'step done assign-roles')).toMatch(/^Marked/);
    expect(await say('bob', 'step request rollback-deploy')).toMatch(/^Requested/);
    expect(await say('alice', 'step approve rollback-deploy')).toMatch(/^Approved rollback_deploy/);

    const timeline = await say('dave', 'timeline 30');
    expect(timeline).toContain('Approval requested by Bob Lindqvist (@bob) for *rollback_deploy*');
    expect(timeline).toContain('*rollback_deploy* approved by Alice Okafor (@alice)');
    expect(timeline).toContain('Done by Bob Lindqvist (@bob): Confirm customer impact and scope');
    expect(timeline).toContain('Skipped by Alice Okafor (@alice): Post the first status page update — internal only');
    expect(timeline).toContain('Was there a change in the last 2 hours? → *Yes* (decided by Bob Lindqvist (@bob))');
    expect(timeline).toContain('@bob is now *ops*, assigned by Alice Okafor (@alice)');
  });
});
