import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateView } from '../../fakes/fake-slack-blocks.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;
beforeEach(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Checkout returns 500s sev2'));
});
afterEach(() => h.stop());

interface Block {
  type: string;
  block_id?: string;
  label?: { text: string };
  element?: { initial_value?: string; options?: Array<{ value: string }> };
  elements?: Array<{ action_id?: string; value?: string }>;
}
interface View {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  submit?: { text: string };
  blocks: Block[];
}
interface Ack {
  response_action?: string;
  view?: View;
  errors?: Record<string, string>;
}

const incidentId = () => h.app.store.incidents.byNumber(1)?.id ?? 0;
const input = (value: string) => ({ type: 'plain_text_input', value });
const radio = (value: string) => ({ type: 'radio_buttons', selected_option: { value } });
const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
const label = (view: View | undefined, block: string) => view?.blocks.find((b) => b.block_id === block)?.label?.text;

async function say(text: string, user_id = 'U1'): Promise<string> {
  const { responseUrl } = await h.command(text, { channel_id: room, user_id });
  const [reply] = await h.waitForReplies(responseUrl, 1);
  return reply ?? '';
}

/** Submits a modal as Slack does (view_submission); returns what the app acknowledged with. */
async function submit(view: View, user_id: string, values: Record<string, Record<string, unknown>>): Promise<Ack> {
  const res = await h.submit({
    user_id,
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    values,
  });
  expect(res.status).toBe(200);
  return (res.json ?? {}) as Ack;
}

/** Presses Start postmortem as `user` and returns the modal views.open received. */
async function pressStart(user_id: string): Promise<View> {
  const before = h.fake.views.length;
  await h.click({ action_id: 'postmortem.start', value: String(incidentId()), user_id, channel_id: room });
  await h.fake.waitFor(() => h.fake.views.length > before);
  const view = h.fake.views.at(-1)?.view as unknown as View;
  expect(validateView(view)).toEqual([]);
  return view;
}

describe('the 5 Whys postmortem through Slack', () => {
  it('prompt on resolve → modal per why (saved at once) → second chain → details → the lead finalizes → Markdown file → close', async () => {
    expect(await say('status resolved')).toMatch(/INC-0001 is now \*resolved\*/);
    // The war room is asked, with a button.
    await h.fake.waitFor(() =>
      h.fake.messages.some((m) => m.channel === room && JSON.stringify(m.blocks ?? []).includes('postmortem.start')),
    );
    const prompt = h.fake.messages.find(
      (m) => m.channel === room && JSON.stringify(m.blocks ?? []).includes('postmortem.start'),
    );
    expect(prompt?.text).toMatch(
      /^<@U1>: INC-0001 is resolved\. Let's learn from it: a 5 Whys postmortem .* SEV2 incidents close only after the postmortem is finalized\./,
    );

    // U2 starts it: problem pre-filled, Why 1 asked.
    const why1 = await pressStart('U2');
    expect(why1).toMatchObject({
      callback_id: 'postmortem.why',
      title: { text: 'INC-0001 postmortem' },
      submit: { text: 'Save Why 1' },
    });
    expect(why1.blocks.find((b) => b.block_id === 'pm_problem')?.element?.initial_value).toBe('Checkout returns 500s');
    expect(label(why1, 'pm_answer')).toBe('Why 1 (chain 1): Why did this happen: Checkout returns 500s?');

    const ack1 = await submit(why1, 'U2', {
      pm_problem: { pm_problem: input('Checkout returned 500s for 40 minutes') },
      pm_answer: { pm_answer: input('the payments client timed out') },
      pm_next: { pm_next: radio('next') },
    });
    expect(ack1.response_action).toBe('update');
    expect(validateView(ack1.view)).toEqual([]);
    expect(label(ack1.view, 'pm_answer')).toBe('Why 2 (chain 1): Why did this happen: the payments client timed out?');
    expect(JSON.stringify(ack1.view?.blocks)).toContain('→ *the payments client timed out*');
    expect(h.kinds(1).slice(-3)).toEqual(['postmortem.started', 'postmortem.problem_set', 'postmortem.why_added']);

    // Closing the modal now loses nothing: pressing the button again (someone else) continues at Why 2.
    const reopened = await pressStart('U3');
    expect(label(reopened, 'pm_answer')).toBe('Why 2 (chain 1): Why did this happen: the payments client timed out?');

    // The first modal, still open somewhere, cannot answer Why 1 again.
    const stale = await submit(why1, 'U3', {
      pm_answer: { pm_answer: input('a bad deploy') },
      pm_next: { pm_next: radio('next') },
    });
    expect(stale).toEqual({
      response_action: 'errors',
      errors: {
        pm_answer:
          'Why 1 of chain 1 was answered meanwhile: "the payments client timed out". Your answer was not saved; answer Why 2 instead.',
      },
    });
    // Asking the next why needs an answer.
    expect(
      (await submit(reopened, 'U3', { pm_answer: { pm_answer: input('') }, pm_next: { pm_next: radio('next') } }))
        .errors,
    ).toEqual({ pm_answer: 'Write the answer: it becomes the next question.' });

    // Why 2, then a root cause is reached: start another causal chain.
    const ack2 = await submit(reopened, 'U3', {
      pm_answer: { pm_answer: input('its pool size was set to 1 by a config push') },
      pm_next: { pm_next: radio('chain') },
    });
    expect(label(ack2.view, 'pm_answer')).toBe(
      'Why 1 (chain 2): Why did this happen: Checkout returned 500s for 40 minutes?',
    );
    const ack3 = await submit(ack2.view as View, 'U3', {
      pm_answer: { pm_answer: input('nobody was paged for 10 minutes') },
      pm_next: { pm_next: radio('details') },
    });
    expect(ack3.view?.callback_id).toBe('postmortem.details');
    expect(validateView(ack3.view)).toEqual([]);
    // Not the lead: no finalize choice.
    expect(ack3.view?.blocks.find((b) => b.block_id === 'pm_next')?.element?.options?.map((o) => o.value)).toEqual([
      'close',
      'more',
      'chain',
    ]);

    const ack4 = await submit(ack3.view as View, 'U3', {
      pm_category: { pm_category: select('change-deploy') },
      pm_factor: { pm_factor: input('Config pushes skip canary') },
      pm_went_well: { pm_went_well: input('Rollback took 2 minutes') },
      pm_lesson: { pm_lesson: input('Validate config before it ships') },
      pm_next: { pm_next: radio('close') },
    });
    expect(ack4).toEqual({});

    // The lead opens it (at chain 2, Why 2), skips to details without answering, and finalizes.
    const lead = await pressStart('U1');
    expect(label(lead, 'pm_answer')).toBe('Why 2 (chain 2): Why did this happen: nobody was paged for 10 minutes?');
    const details = await submit(lead, 'U1', {
      pm_answer: { pm_answer: input('') },
      pm_next: { pm_next: radio('details') },
    });
    expect(details.view?.blocks.find((b) => b.block_id === 'pm_next')?.element?.options?.map((o) => o.value)).toEqual([
      'close',
      'more',
      'chain',
      'finalize',
    ]);
    const final = await submit(details.view as View, 'U1', { pm_next: { pm_next: radio('finalize') } });
    expect(final.response_action).toBe('update');
    expect(JSON.stringify(final.view?.blocks)).toContain('*Finalized.* The Markdown is posted in the war room.');

    // The Markdown reaches the war room through files.uploadV2 (get URL, upload, complete).
    await h.fake.waitFor(() => h.fake.files.some((f) => f.channels?.includes(room)));
    const file = h.fake.files.find((f) => f.channels?.includes(room));
    expect(file).toMatchObject({ name: 'INC-0001-postmortem.md', title: 'INC-0001 postmortem' });
    const markdown = file?.content.toString('utf8') ?? '';
    expect(markdown).toBe(h.app.store.postmortems.forIncident(incidentId())?.markdown);
    expect(markdown).toContain('### Causal chain 2');
    expect(markdown).toContain('Root-cause category: **Change / deploy**');
    expect(file?.initialComment).toMatch(/^:scroll: The INC-0001 postmortem is final\./);
    expect(h.fake.okCallsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(h.fake.okCallsTo('files.completeUploadExternal')).toHaveLength(1);

    expect(await say('close')).toBe('INC-0001 is closed. Thank you, everyone.');
    expect(h.kinds(1).filter((k) => k.startsWith('postmortem.'))).toEqual([
      'postmortem.started',
      'postmortem.problem_set',
      'postmortem.why_added',
      'postmortem.why_added',
      'postmortem.chain_started',
      'postmortem.why_added',
      'postmortem.category_set',
      'postmortem.note_added',
      'postmortem.note_added',
      'postmortem.note_added',
      'postmortem.finalized',
    ]);
    expect(h.fake.calls.filter((c) => !c.ok && c.method !== 'conversations.create')).toEqual([]);
  });

  it('refuses closing a SEV2 before the postmortem is final; the same flow works by commands', async () => {
    await say('status resolved');
    expect(await say('close')).toMatch(
      /^INC-0001 is SEV2: SEV2 incidents close only after their postmortem is finalized\. Start it with `\/incident postmortem`/,
    );
    expect(await say('postmortem show', 'U2')).toMatch(
      /^Postmortem started; progress is saved after every answer\.\n\*INC-0001 postmortem\* \(draft\)\nProblem: Checkout returns 500s\n/,
    );
    expect(await say('postmortem why a config push set the pool size to 1', 'U2')).toContain(
      'Next — Why 2 (chain 1): Why did this happen: a config push set the pool size to 1?',
    );
    expect(await say('postmortem finalize', 'U2')).toBe(
      'Only the incident lead finalizes the INC-0001 postmortem. Everyone else can keep adding to it.',
    );
    expect(await say('postmortem finalize')).toMatch(/^Set the root-cause category before finalizing/);
    expect(await say('postmortem category bad luck')).toMatch(/^Pick a root-cause category/);
    expect(await say('postmortem category Change/deploy')).toBe('Root-cause category: *Change / deploy*.');
    expect(await say('postmortem lesson canary <!channel> config changes', 'U3')).toBe(
      'Added to the INC-0001 postmortem (lesson).',
    );
    expect(await say('postmortem finalize')).toMatch(/postmortem is finalized/);
    expect(await say('close')).toBe('INC-0001 is closed. Thank you, everyone.');
  });

  it("`/incident postmortem` opens the same modal as the button, with the command's trigger_id; its subcommands answer in text", async () => {
    await say('status resolved');
    const { responseUrl } = await h.command('postmortem', {
      channel_id: room,
      user_id: 'U2',
      trigger_id: '13345224609.738474920.c0ffee0c0ffe',
    });
    await h.fake.waitFor(() => h.fake.views.length === 1);
    const opened = h.fake.views[0];
    expect(opened?.trigger_id).toBe('13345224609.738474920.c0ffee0c0ffe');
    const modal = opened?.view as unknown as View;
    expect(validateView(modal)).toEqual([]);
    expect(modal).toMatchObject({
      callback_id: 'postmortem.why',
      title: { text: 'INC-0001 postmortem' },
      submit: { text: 'Save Why 1' },
    });
    expect(modal.blocks.find((b) => b.block_id === 'pm_problem')?.element?.initial_value).toBe('Checkout returns 500s');
    expect(JSON.parse(modal.private_metadata)).toEqual({
      incidentId: incidentId(),
      channelId: room,
      chain: 1,
      depth: 1,
    });
    // The command started the postmortem (as the button would have), and said so on the timeline.
    const started = h.app.store.timeline.forIncident(incidentId()).find((e) => e.kind === 'postmortem.started');
    expect(JSON.parse(started?.payload ?? '{}')).toMatchObject({ via: 'command' });
    // Exactly the modal the button opens.
    expect(await pressStart('U2')).toEqual(modal);

    // What is typed into it is saved like any modal answer.
    const ack = await submit(modal, 'U2', {
      pm_problem: { pm_problem: input('Checkout returns 500s') },
      pm_answer: { pm_answer: input('the payments client timed out') },
      pm_next: { pm_next: radio('next') },
    });
    expect(label(ack.view, 'pm_answer')).toBe('Why 2 (chain 1): Why did this happen: the payments client timed out?');

    // Subcommands still answer in text and open nothing.
    expect(await say('postmortem show', 'U3')).toMatch(
      /^\*INC-0001 postmortem\* \(draft\)\nProblem: Checkout returns 500s\nCausal chain 1:\n  1\. /,
    );
    expect(await say('postmortem why its pool size was set to 1', 'U3')).toMatch(/^Saved Why 2 of chain 1\./);
    expect(h.fake.views).toHaveLength(2);
    // The modal was the whole answer: nothing was posted to the command's response_url.
    expect(h.replies(responseUrl)).toEqual([]);
  });

  it('`/incident postmortem` answers in text, and says why, when Slack will not open the modal (expired trigger_id)', async () => {
    // Before the incident is resolved there is nothing to open: the command says what to do instead.
    expect(await say('postmortem')).toBe(
      'INC-0001 is declared. The postmortem starts once it is resolved: `/incident status resolved`, then `/incident postmortem`.',
    );
    await say('status resolved');
    h.fake.failNext('views.open', { error: 'expired_trigger_id' });
    const reply = await say('postmortem', 'U2');
    expect(reply).toMatch(
      /^Slack did not open the postmortem form \(expired_trigger_id\), so here it is as text\. Run `\/incident postmortem` again for the form\.\nPostmortem started; progress is saved after every answer\.\n\*INC-0001 postmortem\* \(draft\)\nProblem: Checkout returns 500s\n/,
    );
    expect(h.fake.callsTo('views.open').map((c) => c.error)).toEqual(['expired_trigger_id']);
    expect(h.fake.views).toEqual([]);
    expect(h.kinds(1)).toContain('postmortem.started');
  });

  it('the Markdown names people by the handles Slack sent (commands, clicks, modals, mentions), ids beside them', async () => {
    const as = async (text: string, user_id: string, user_name: string) => {
      const { responseUrl } = await h.command(text, { channel_id: room, user_id, user_name });
      return (await h.waitForReplies(responseUrl, 1))[0] ?? '';
    };
    await as('status resolved', 'U1', 'alice.okafor');
    // U5 is named by id only (no handle in the mention): the document can only show the id.
    expect(await as('role comms <@U5>', 'U1', 'alice.okafor')).toBe('<@U5> is now *comms* on INC-0001.');
    // U2 only clicks and submits the modal (the interaction payloads carry user.username).
    const why1 = await pressStart('U2');
    await submit(why1, 'U2', {
      pm_problem: { pm_problem: input('Checkout returns 500s') },
      pm_answer: { pm_answer: input('a config push set the pool size to 1') },
      pm_next: { pm_next: radio('next') },
    });
    // U4 never used warroom: the mention's handle is all we know of them.
    expect(
      await as(
        'action add Alert on pool saturation owner:<@U4|dave.chen> due:2099-12-31 kind:detect verify:"fires in staging"',
        'U3',
        'carol.medina',
      ),
    ).toMatch(/^Added corrective action \*A1\*/);
    await as('postmortem category configuration', 'U1', 'alice.okafor');
    expect(await as('postmortem finalize', 'U1', 'alice.okafor')).toMatch(/postmortem is finalized/);

    await h.fake.waitFor(() => h.fake.files.some((f) => f.channels?.includes(room)));
    const markdown = h.fake.files.find((f) => f.channels?.includes(room))?.content.toString('utf8') ?? '';
    expect(markdown).toContain('- Lead: alice.okafor (U1)\n- comms: @U5\n');
    expect(markdown).toContain('   a config push set the pool size to 1 — u2 (U2)');
    expect(markdown).toContain('| A1 | Alert on pool saturation | detect | dave.chen (U4) | 2099-12-31 |');
    expect(markdown).toContain('finalized by alice.okafor (U1)');
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('corrective actions: added with owner, due, kind and criterion; done with a link; never verified by the owner', async () => {
    await say('status resolved');
    await say('postmortem status');
    expect(
      await say(
        'action add Alert on pool saturation owner:<@U2|bob> due:2099-12-31 kind:detect verify:"the alert fires in staging at 90%" rule:pool-saturation service:checkout',
        'U3',
      ),
    ).toBe(
      'Added corrective action *A1* for <@U2>, due 2099-12-31. It is done with `/incident action done A1 &lt;link or EV-id&gt;`, and verified by someone else.',
    );
    expect(await say('action add Fix it owner:<@U2|bob> due:2099-12-31')).toMatch(
      /^Missing or invalid: kind:prevent\|detect\|mitigate\|process, verify:/,
    );
    expect(await say('action done A1 it works now', 'U2')).toMatch(
      /^A1 is done only with proof: a link or an evidence id\./,
    );
    // Slack sends links escaped (<https://…>) with should_escape: the stored proof is the plain URL.
    expect(await say('action done A1 <https://git.example.com/infra/pull/42?a=1&amp;b=2> merged', 'U2')).toBe(
      'Marked *A1* done. Someone other than <@U2> verifies it: `/incident action verify A1`.',
    );
    expect(await say('action verify A1', 'U2')).toBe(
      'You own A1, so someone else verifies it (against: "the alert fires in staging at 90%"). Ask a teammate to run `/incident action verify A1`.',
    );
    expect(await say('action verify a1', 'U3')).toBe('Verified *A1*: Alert on pool saturation.');
    const list = await say('action list');
    expect(list).toContain('• *A1* [detect] Alert on pool saturation — <@U2>, due 2099-12-31 — *verified by <@U3>*');
    expect(list).toContain(
      'evidence: https://git.example.com/infra/pull/42?a=1&amp;b=2 merged · changes rule `pool-saturation`, service `checkout`',
    );
    expect(h.kinds(1).filter((k) => k.startsWith('corrective_action.'))).toEqual([
      'corrective_action.added',
      'corrective_action.done',
      'corrective_action.verified',
    ]);
    // Each step is posted to the war room.
    await h.fake.waitFor(() =>
      h.fake.messages.some((m) => m.channel === room && /Corrective action \*A1\* verified/.test(m.text ?? '')),
    );
  });
});
