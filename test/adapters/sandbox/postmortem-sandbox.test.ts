import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxHarness, type SandboxHarness, type SandboxMessageJson } from '../../support/sandbox-harness.js';

let h: SandboxHarness;
let room: string;
beforeEach(async () => {
  h = await startSandboxHarness();
  const declared = await h.type('alice', 'general', '/incident declare Checkout returns 500s sev2');
  room = declared.json.openChannelId ?? '';
  expect(room).not.toBe('');
  await h.post(`/sandbox/api/channels/${room}/join`, { user: 'bob' });
});
afterEach(() => h.stop());

interface Form {
  formId: string;
  title: string;
  context: Record<string, unknown>;
  fields: Array<{
    name: string;
    label: string;
    kind: string;
    placeholder?: string;
    options?: Array<{ value: string }>;
    initial?: string;
  }>;
}
type Answer = { status: number; json: { ok: boolean; form?: Form; error?: string; field?: string } };

const say = (user: string, text: string) => h.post('/sandbox/api/messages', { user, channelId: room, text });
const lastPrivate = async (user: string) =>
  (await h.messages(room, user)).filter((m) => m.ephemeral).at(-1)?.text ?? '';
const submit = (user: string, form: Form, values: Record<string, string>) =>
  h.post('/sandbox/api/forms', { formId: form.formId, user, context: form.context, values }) as Promise<Answer>;
const field = (form: Form | undefined, name: string) => form?.fields.find((f) => f.name === name);
const promptOf = (messages: SandboxMessageJson[]) =>
  messages.find((m) => m.blocks.some((b) => b.buttons?.some((x) => x.actionId === 'postmortem.start')));

describe('the 5 Whys postmortem in the sandbox', () => {
  it('prompt on resolve → Start postmortem → one form per why → details → the lead finalizes → the Markdown in the channel', async () => {
    await say('alice', '/incident status resolved');
    await expect
      .poll(async () => promptOf(await h.messages(room, 'bob'))?.text)
      .toMatch(/^@alice: INC-0001 is resolved\. Let's learn from it/);
    const button = promptOf(await h.messages(room, 'bob'))?.blocks.find((b) => b.type === 'actions')?.buttons?.[0];

    const started = (await h.post('/sandbox/api/actions', {
      user: 'bob',
      channelId: room,
      actionId: 'postmortem.start',
      value: button?.value,
    })) as Answer;
    const why1 = started.json.form;
    expect(why1).toMatchObject({
      formId: 'postmortem_why',
      title: 'INC-0001 postmortem — Why 1',
      context: { chain: 1, depth: 1 },
    });
    // The problem statement is pre-filled from the incident (Slack's initial_value), not only hinted at.
    expect(field(why1, 'problem')).toMatchObject({ kind: 'text', initial: 'Checkout returns 500s', required: true });
    expect(field(why1, 'problem')?.placeholder).toBeUndefined();
    expect(field(why1, 'answer')?.label).toBe('Why 1 (chain 1): Why did this happen: Checkout returns 500s?');
    // The chain so far is said beside the form (the sandbox dialog only has fields).
    expect(await lastPrivate('bob')).toMatch(/^\*INC-0001 postmortem\* \(draft\)\nProblem: Checkout returns 500s/);
    if (!why1) throw new Error('no form');

    // Sent back as pre-filled (unchanged), it changes nothing; only the why is recorded.
    const a1 = await submit('bob', why1, {
      problem: 'Checkout returns 500s',
      answer: 'the payments client timed out',
      next: 'next',
    });
    expect(a1.status).toBe(200);
    expect(
      h.app.store.timeline
        .forIncident(1)
        .map((e) => e.kind)
        .filter((k) => k.startsWith('postmortem.')),
    ).toEqual(['postmortem.started', 'postmortem.why_added']);
    expect(field(a1.json.form, 'answer')?.label).toBe(
      'Why 2 (chain 1): Why did this happen: the payments client timed out?',
    );
    // Submitting the first form again (a double click or a stale dialog) is refused on its field; the first answer stays.
    const stale = await submit('bob', why1, { answer: 'something else', next: 'next' });
    expect(stale).toMatchObject({
      status: 422,
      json: { ok: false, field: 'answer', error: expect.stringMatching(/^Why 1 of chain 1 was answered meanwhile/) },
    });

    const a2 = await submit('bob', a1.json.form as Form, {
      answer: 'a config push set its pool size to 1',
      next: 'chain',
    });
    expect(field(a2.json.form, 'answer')?.label).toBe('Why 1 (chain 2): Why did this happen: Checkout returns 500s?');
    const a3 = await submit('bob', a2.json.form as Form, { answer: 'no alert on pool saturation', next: 'details' });
    expect(a3.json.form?.formId).toBe('postmortem_details');
    expect(field(a3.json.form, 'next')?.options?.map((o) => o.value)).toEqual(['close', 'more', 'chain']);
    const a4 = await submit('bob', a3.json.form as Form, {
      category: 'detection-gap',
      factor: 'Config pushes skip canary',
      went_well: '',
      lesson: 'Alert on saturation, not errors',
      next: 'close',
    });
    expect(a4).toMatchObject({ status: 200, json: { ok: true } });
    expect(a4.json.form).toBeUndefined();

    // alice leads: she reopens it (chain 2, Why 2), goes to the details without answering, and finalizes.
    const reopened = (await h.post('/sandbox/api/actions', {
      user: 'alice',
      channelId: room,
      actionId: 'postmortem.start',
      value: button?.value,
    })) as Answer;
    expect(field(reopened.json.form, 'answer')?.label).toBe(
      'Why 2 (chain 2): Why did this happen: no alert on pool saturation?',
    );
    const details = await submit('alice', reopened.json.form as Form, { answer: '', next: 'details' });
    expect(field(details.json.form, 'category')?.initial).toBe('detection-gap');
    expect(field(details.json.form, 'next')?.options?.map((o) => o.value)).toEqual([
      'close',
      'more',
      'chain',
      'finalize',
    ]);
    expect(
      await submit('alice', details.json.form as Form, { category: 'detection-gap', next: 'finalize' }),
    ).toMatchObject({ status: 200, json: { ok: true } });

    // The "file": the Markdown posted in the war room, as stored.
    const markdown = h.app.store.postmortems.forIncident(1)?.markdown ?? '';
    await expect
      .poll(async () => (await h.messages(room, 'dave')).some((m) => m.blocks.some((b) => b.text === markdown)))
      .toBe(true);
    expect(markdown).toContain('Root-cause category: **Detection gap**');
    // The sandbox knows its demo users' names: the document names them, with the id beside it.
    expect(markdown).toContain('- Config pushes skip canary — Bob Lindqvist (bob)');
    expect(markdown).toContain('- Lead: Alice Okafor (alice)');

    await say('alice', '/incident close');
    expect(h.app.store.incidents.byNumber(1)?.status).toBe('closed');
  });

  it('`/incident postmortem` opens the same form as the Start postmortem button; its subcommands answer in text', async () => {
    expect((await say('bob', '/incident postmortem')).json).toEqual({ ok: true });
    expect(await lastPrivate('bob')).toBe(
      'INC-0001 is declared. The postmortem starts once it is resolved: `/incident status resolved`, then `/incident postmortem`.',
    );
    await say('alice', '/incident status resolved');

    const typed = (await say('bob', '/incident postmortem')) as Answer;
    expect(typed.json.form).toMatchObject({
      formId: 'postmortem_why',
      title: 'INC-0001 postmortem — Why 1',
      context: { incidentId: 1, channelId: room, chain: 1, depth: 1 },
    });
    // Where it stands is said beside the form, as for the button.
    expect(await lastPrivate('bob')).toMatch(
      /^Postmortem started; progress is saved after every answer\.\n\*INC-0001 postmortem\* \(draft\)\nProblem: Checkout returns 500s\n/,
    );
    const pressed = (await h.post('/sandbox/api/actions', {
      user: 'bob',
      channelId: room,
      actionId: 'postmortem.start',
      value: '1',
    })) as Answer;
    expect(pressed.json.form).toEqual(typed.json.form);

    const saved = await submit('bob', typed.json.form as Form, {
      problem: 'Checkout returns 500s',
      answer: 'the payments client timed out',
      next: 'next',
    });
    expect(field(saved.json.form, 'answer')?.label).toBe(
      'Why 2 (chain 1): Why did this happen: the payments client timed out?',
    );
    const shown = (await say('bob', '/incident postmortem show')) as Answer;
    expect(shown.json.form).toBeUndefined();
    expect(await lastPrivate('bob')).toMatch(
      /^\*INC-0001 postmortem\* \(draft\)\nProblem: Checkout returns 500s\nCausal chain 1:\n  1\. /,
    );
  });

  it('pre-fills the problem statement with the current one, and saves an edit of it with the first why', async () => {
    await say('alice', '/incident status resolved');
    await say('alice', '/incident postmortem problem Checkout returned 500s for 40 minutes');
    const opened = (await say('bob', '/incident postmortem')) as Answer;
    expect(field(opened.json.form, 'problem')?.initial).toBe('Checkout returned 500s for 40 minutes');
    const saved = await submit('bob', opened.json.form as Form, {
      problem: 'Checkout returned 500s for 45 minutes',
      answer: 'the payments client timed out',
      next: 'next',
    });
    expect(saved.status).toBe(200);
    expect(h.app.store.postmortems.forIncident(1)?.problem).toBe('Checkout returned 500s for 45 minutes');
    expect(
      h.app.store.timeline
        .forIncident(1)
        .map((e) => e.kind)
        .slice(-2),
    ).toEqual(['postmortem.problem_set', 'postmortem.why_added']);
    // Only chain 1's first why asks about the problem; later forms do not repeat the field.
    expect(field(saved.json.form, 'problem')).toBeUndefined();
  });

  it('says why a SEV2 cannot close yet, and runs corrective actions by command (the owner cannot verify)', async () => {
    await say('alice', '/incident status resolved');
    await say('alice', '/incident close');
    expect(await lastPrivate('alice')).toMatch(
      /^INC-0001 is SEV2: SEV2 incidents close only after their postmortem is finalized\./,
    );
    await say('bob', '/incident postmortem why the pool was exhausted');
    await say(
      'alice',
      '/incident action add Pool saturation alert owner:@bob due:2099-01-31 kind:detect verify:"fires in staging at 90%" playbook:service-outage',
    );
    expect(await lastPrivate('alice')).toBe(
      'Added corrective action *A1* for @bob, due 2099-01-31. It is done with `/incident action done A1 <link or EV-id>`, and verified by someone else.',
    );
    await say('bob', '/incident action done A1 https://git.example.com/infra/pull/7');
    await say('bob', '/incident action verify A1');
    expect(await lastPrivate('bob')).toMatch(/^You own A1, so someone else verifies it/);
    await say('alice', '/incident action verify A1');
    expect(await lastPrivate('alice')).toBe('Verified *A1*: Pool saturation alert.');
    expect(h.app.store.postmortems.action(1, 1)).toMatchObject({
      status: 'verified',
      verifiedBy: 'alice',
      doneBy: 'bob',
    });
  });

  it('flags a recurrence in the new war room: same service and ATT&CK technique as an earlier incident', async () => {
    const alert = (title: string) =>
      fetch(`${h.app.url}/webhooks/alerts/generic`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title,
          severity: 'critical',
          service: 'checkout',
          fingerprint: title,
          attack: ['T1110.003'],
        }),
      });
    expect((await alert('Password spraying on checkout')).status).toBe(202);
    await expect.poll(() => h.app.store.incidents.listAll().length, { timeout: 5000 }).toBe(2);
    const firstId = h.app.store.incidents.listAll()[1]?.id ?? 0;
    await expect.poll(() => h.app.store.incidents.byId(firstId)?.channelId).toBeTruthy();
    const firstRoom = h.app.store.incidents.byId(firstId)?.channelId ?? '';
    // Nobody was paged in this test: alice joins, takes the lead, resolves, writes and finalizes the postmortem, closes.
    await h.post(`/sandbox/api/channels/${firstRoom}/join`, { user: 'alice' });
    for (const text of [
      '/incident lead @alice',
      '/incident resolve anyway',
      '/incident postmortem why no lockout after failed logins',
      '/incident postmortem category access-control',
      '/incident postmortem finalize',
      '/incident close',
    ]) {
      await h.post('/sandbox/api/messages', { user: 'alice', channelId: firstRoom, text });
    }
    expect(h.app.store.incidents.byId(firstId)?.status).toBe('closed');

    expect((await alert('Credential stuffing on checkout')).status).toBe(202);
    await expect.poll(() => h.app.store.incidents.listAll().length, { timeout: 5000 }).toBe(3);
    const second = h.app.store.incidents.listAll()[2];
    await expect
      .poll(
        async () => {
          const channelId = h.app.store.incidents.byId(second?.id ?? 0)?.channelId;
          return channelId
            ? (await h.messages(channelId, 'alice')).map((m) => m.text).find((t) => t.includes('Recurrence'))
            : undefined;
        },
        { timeout: 5000 },
      )
      .toMatch(
        /^:repeat: \*Recurrence:\* INC-0002 \(Password spraying on checkout, declared .* in #inc-0002-password-spraying-on-checkout\) had the same service \(checkout\) and ATT&CK technique T1110\. Its postmortem is finalized \(`warroom postmortem export INC-0002`\); it has no corrective actions\.$/,
      );
  });
});
