// Resolve with the phishing playbook's checklist untouched, through every Slack way to resolve: typed
// (`/incident resolve`, `status resolved`) and the status modal ask first, with the Resolve anyway button; nothing
// changes until it is confirmed; `/incident resolve anyway <note>` resolves and records what was open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

interface Button {
  action_id: string;
  value?: string;
  text: { text: string };
}

let h: SlackHarness;
let room = '';
let incidentId = 0;
beforeAll(async () => {
  h = await startSlackHarness();
  // "Phish" in the title attaches the shipped phishing playbook; its first stage starts at once.
  room = (await h.declare('Phish reported by finance sev2')).channelId;
  incidentId = h.app.store.incidents.byNumber(1)?.id ?? 0;
  await h.fake.waitFor(() => h.app.store.playbooks.runsFor(incidentId).length === 1);
});
afterAll(() => h.stop());

const QUESTION =
  /^\d+ triage steps? (is|are) still open: .+; later stages never started: .+\. Resolve INC-0001 anyway\? What is open will be recorded on the timeline and in the postmortem\.$/;
const buttonsOf = (blocks: unknown): Button[] =>
  ((blocks ?? []) as Array<{ elements?: Button[] }>).flatMap((b) => b.elements ?? []);
const statusEntries = () => h.app.store.timeline.forIncident(incidentId).filter((e) => e.kind === 'status.changed');

describe('Resolve with playbook steps open, through Slack', () => {
  it('typed: `/incident resolve` and `/incident status resolved` ask, with the confirm button, and change nothing', async () => {
    for (const text of ['resolve', 'status resolved']) {
      const { responseUrl } = await h.command(text, { channel_id: room });
      const [question] = await h.waitForReplies(responseUrl, 1);
      expect(question).toMatch(QUESTION);
      const answer = h.fake.responses.find((r) => r.path === new URL(responseUrl).pathname);
      expect(answer?.body.response_type).toBe('ephemeral');
      expect(buttonsOf(answer?.body.blocks)).toEqual([
        expect.objectContaining({
          action_id: 'incident.resolve_confirmed',
          value: String(incidentId),
          text: expect.objectContaining({ text: 'Resolve anyway' }),
        }),
      ]);
    }
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('declared');
    expect(statusEntries()).toHaveLength(0);
  });

  it('the status modal: choosing resolved asks privately with the confirm button instead of resolving', async () => {
    const before = h.fake.okCallsTo('chat.postEphemeral').length;
    await h.click({ action_id: 'incident.update_status', value: String(incidentId), user_id: 'U1', channel_id: room });
    await h.fake.waitFor(() => h.fake.views.length === 1);
    const view = h.fake.views[0]?.view as { callback_id: string; private_metadata: string };
    const res = await h.submit({
      user_id: 'U1',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: {
        status: { status: { type: 'static_select', selected_option: { value: 'resolved' } } },
        note: { note: { type: 'plain_text_input', value: 'all good' } },
      },
    });
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h.fake.okCallsTo('chat.postEphemeral').length > before);
    const asked = h.fake.okCallsTo('chat.postEphemeral').at(-1)?.args;
    expect(asked).toMatchObject({ channel: room, user: 'U1' });
    expect(String(asked?.text)).toMatch(QUESTION);
    expect(buttonsOf(asked?.blocks).map((b) => b.action_id)).toEqual(['incident.resolve_confirmed']);
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('declared');
  });

  it('`/incident resolve anyway <note>` resolves, with the note and what was open on the resolve entry', async () => {
    const { responseUrl } = await h.command('resolve anyway false positive, mail team confirmed', { channel_id: room });
    expect((await h.waitForReplies(responseUrl, 1))[0]).toBe(
      'INC-0001 is now *resolved*. What was still open is on the timeline and goes into the postmortem. When the dust settles, the lead closes it with `/incident close`.',
    );
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('resolved');
    const payload = JSON.parse(statusEntries().at(-1)?.payload ?? '{}') as {
      to: string;
      note: string;
      via: string;
      openWork: { steps: Array<{ playbookId: string; stage: string }>; stages: unknown[] };
    };
    expect(payload).toMatchObject({ to: 'resolved', note: 'false positive, mail team confirmed', via: 'command' });
    expect(payload.openWork.steps.length).toBeGreaterThan(0);
    expect(payload.openWork.steps.every((s) => s.playbookId === 'phishing' && s.stage === 'triage')).toBe(true);
    expect(payload.openWork.stages.length).toBeGreaterThan(0);
    await h.fake.waitFor(() =>
      h.fake.messages.some(
        (m) => m.channel === room && /resolved with playbook work still open \(confirmed\)/.test(m.text ?? ''),
      ),
    );
  });
});
