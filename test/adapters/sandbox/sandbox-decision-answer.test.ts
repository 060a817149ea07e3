import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxHarness, type SandboxHarness } from '../../support/sandbox-harness.js';

let h: SandboxHarness;
beforeEach(async () => {
  h = await startSandboxHarness();
});
afterEach(() => h.stop());

/**
 * A first-time user typed `/incident step answer personal-data yes` and was told that "yes" is not an answer, with
 * "Answers: Yes, or cannot rule out, No" — a list that reads as three answers, none of them "yes" alone.
 */
describe('answering a playbook decision by typing, in the sandbox', () => {
  it('takes the first word of a long answer, quotes the answers when it cannot tell, and records the full label', async () => {
    const declared = await h.type('alice', 'general', '/incident declare Customer table copied out sev1');
    const room = declared.json.openChannelId ?? '';
    const say = (text: string) => h.post('/sandbox/api/messages', { user: 'alice', channelId: room, text });
    const lastReply = async () => (await h.messages(room, 'alice')).filter((m) => m.ephemeral).at(-1)?.text ?? '';
    expect((await say('/incident playbook attach data-exfiltration')).status).toBe(200);
    await say('/incident evidence add s3 access log: 41 GB to 198.51.100.7 between 02:10 and 03:40 UTC');
    await say('/incident step done scope-data');
    expect(await lastReply()).toContain('Marked `scope-data`');

    // Not an answer at all: each answer quoted, and what to type.
    await say('/incident step answer personal-data maybe');
    expect(await lastReply()).toBe(
      '"maybe" is not an answer to "Does it include personal data?". Answers: "Yes, or cannot rule out", "No". Type one (its start is enough when no other answer starts the same way), e.g. `/incident step answer personal-data Yes, or cannot rule out`',
    );
    const answered = () => h.app.store.timeline.forIncident(1).filter((e) => e.kind === 'step.answered');
    expect(answered()).toHaveLength(0);

    // "yes" starts exactly one answer: that one is chosen, and the timeline holds its whole label.
    await say('/incident step answer personal-data yes');
    expect(await lastReply()).toBe(
      'Answered `personal-data` (Decide whether personal data is involved): Yes, or cannot rule out.',
    );
    expect(answered().map((e) => JSON.parse(e.payload) as { answer: string })).toMatchObject([
      { answer: 'Yes, or cannot rule out' },
    ]);
    const run = h.app.store.playbooks.runsFor(1)[0];
    expect(h.app.store.playbooks.steps(run?.id ?? 0).find((s) => s.stepId === 'personal-data')?.status).toBe('done');
  });
});
