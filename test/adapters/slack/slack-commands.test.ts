import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERAL, startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;

beforeAll(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Search latency'));
});
afterAll(() => h.stop());

/** Runs a command and returns its (single) ephemeral reply. */
async function say(text: string, o: { user_id?: string; channel_id?: string } = {}): Promise<string> {
  const { status, responseUrl } = await h.command(text, { channel_id: room, ...o });
  expect(status).toBe(200);
  const [reply] = await h.waitForReplies(responseUrl, 1);
  return reply ?? '';
}

const headerUpdates = () => h.fake.okCallsTo('chat.update').filter((c) => c.args.channel === room);
const posted = () => h.fake.messages.filter((m) => m.channel === room && !m.blocks?.length).map((m) => m.text);

describe('/incident commands in a war room (Slack)', () => {
  it('help lists every command, also for an empty /incident', async () => {
    const help = await say('help');
    for (const cmd of [
      'declare',
      'status',
      'sev',
      'lead',
      'role',
      'roles',
      'note',
      'timeline',
      'list',
      'close',
      'help',
    ]) {
      expect(help).toContain(`/incident ${cmd}`);
    }
    expect(help).toMatch(/^\*warroom commands\*\n\*Run the incident\*\n• `\/incident declare /);
    expect(help).toContain('\n*Afterwards*\n• `/incident postmortem');
    expect(await say('')).toBe(help);
  });

  it('status moves the incident, posts the change, and edits the header in place', async () => {
    const before = headerUpdates().length;
    expect(await say('status identified bad index on search-db')).toBe('INC-0001 is now *identified*.');
    await h.fake.waitFor(() => headerUpdates().length > before);
    const header = JSON.stringify(headerUpdates().at(-1)?.args.blocks);
    expect(header).toContain('Identified');
    await h.fake.waitFor(() => posted().some((t) => t?.includes('Status')));
    // Who moved it, by the name Slack showed for them and their id.
    expect(posted()).toContain(
      ':arrows_counterclockwise: Status declared → *identified* by u1 (U1) — bad index on search-db',
    );
    expect(h.app.store.incidents.byNumber(1)?.acknowledgedAt).not.toBeNull();
  });

  it('sev changes severity and refuses anything but 1-4', async () => {
    expect(await say('sev 1')).toBe('INC-0001 is now *SEV1*.');
    expect(await say('sev 9')).toBe('Severity must be 1, 2, 3 or 4. Usage: `/incident sev &lt;1-4&gt;`');
    expect(await say('sev 1')).toBe('INC-0001 is already SEV1.');
  });

  it('lead hands over to a mentioned user, invites them, and names both in the timeline', async () => {
    expect(await say('lead <@U2|bob>')).toBe('<@U2> now leads INC-0001.');
    await h.fake.waitFor(() => h.fake.okCallsTo('conversations.invite').some((c) => c.args.users === 'U2'));
    const entry = h.app.store.timeline.forIncident(1).find((e) => e.kind === 'lead.assigned');
    expect(JSON.parse(entry?.payload ?? '{}')).toMatchObject({ from: 'U1', to: 'U2' });
    expect(await say('lead bob')).toBe(
      '"bob" is not a person here. Mention them (type @ and pick the name from the list). Usage: `/incident lead @user`',
    );
    expect(await say('lead <@U1> <@U2>')).toBe('Name one person. Usage: `/incident lead @user`');
    expect(await say('lead <@U2>')).toBe('That person already leads INC-0001.');
  });

  it('role assigns configured roles and invites; roles lists them', async () => {
    expect(await say('role comms <@U3>')).toBe('<@U3> is now *comms* on INC-0001.');
    await h.fake.waitFor(() => h.fake.okCallsTo('conversations.invite').some((c) => c.args.users === 'U3'));
    expect(await say('role chef <@U3>')).toBe(
      '"chef" is not a role here. Roles: comms, ops, scribe, security. Example: `/incident role comms @user`.',
    );
    expect(await say('role comms')).toBe(
      'Name a role and one person. Usage: `/incident role &lt;comms|ops|scribe|security&gt; @user`',
    );
    const roles = await say('roles');
    expect(roles).toContain('• lead: <@U2>');
    expect(roles).toContain('• comms: <@U3>');
    expect(roles).toContain('• ops: unassigned — `/incident role ops @user`');
  });

  it('note records and posts escaped text', async () => {
    expect(await say('note customer <!here> reports & retries')).toMatch(/^Noted in the INC-0001 timeline \(#\d+\)\.$/);
    await h.fake.waitFor(() => posted().some((t) => t?.startsWith(':memo:')));
    expect(posted()).toContain(':memo: Note by u1 (U1): customer &lt;!here&gt; reports &amp; retries');
    expect(await say('note')).toBe('Write the note after the command. Usage: `/incident note &lt;text&gt;`');
  });

  it('an over-long note is told its length and the limit, and nothing is recorded', async () => {
    const before = h.app.store.timeline.forIncident(1).length;
    expect(await say(`note ${'x'.repeat(3_001)}`)).toBe(
      'That note is 3,001 characters; a note holds up to 3,000. Split it into shorter notes, or keep the long text as evidence (`/incident evidence add &lt;text&gt;`).',
    );
    expect(h.app.store.timeline.forIncident(1)).toHaveLength(before);
  });

  it('declare refuses a severity word that is none (SEV0, sev9) and lists the valid ones, opening nothing', async () => {
    const incidents = () => h.app.store.incidents.listAll().length;
    const before = incidents();
    for (const word of ['SEV0', 'sev9']) {
      expect(await say(`declare checkout down ${word}`, { channel_id: GENERAL })).toBe(
        `"${word}" is not a severity: use sev1 (the worst), sev2, sev3 or sev4 as the last word. Usage: \`/incident declare &lt;title&gt; [sev1|sev2|sev3|sev4]\``,
      );
    }
    expect(incidents()).toBe(before);
  });

  it('timeline shows the last n entries and validates n', async () => {
    const reply = await say('timeline 3');
    expect(reply.split('\n')).toHaveLength(4);
    expect(reply).toMatch(/^\*INC-0001 timeline\* \(last 3\)/);
    expect(reply).toMatch(/<!date\^\d+\^/);
    expect(await say('timeline 0')).toBe('Give a number of entries from 1 to 50. Usage: `/incident timeline [n]`');
    expect(await say('timeline lots')).toBe('Give a number of entries from 1 to 50. Usage: `/incident timeline [n]`');
  });

  it('list works from any channel and shows the war room', async () => {
    const list = await say('list', { channel_id: GENERAL });
    expect(list).toContain(`• *INC-0001* SEV1 identified — Search latency — <#${room}> — lead <@U2>`);
  });

  it('commands that need an incident channel say so elsewhere', async () => {
    for (const text of [
      'status resolved',
      'sev 2',
      'note x',
      'roles',
      'timeline',
      'close',
      'lead <@U1>',
      'role ops <@U1>',
    ]) {
      expect(await say(text, { channel_id: GENERAL })).toBe(
        'This command only works in an incident channel. Run `/incident list` to find one, or `/incident declare &lt;title&gt;` to open one.',
      );
    }
  });

  it('unknown subcommands and bad statuses answer with the right usage', async () => {
    expect(await say('frobnicate now')).toBe('Unknown command "frobnicate". Type `/incident help` for the list.');
    expect(await say('delcare db down')).toBe(
      'Unknown command "delcare". Did you mean `/incident declare`? Type `/incident help` for the list.',
    );
    expect(await say('stat')).toBe(
      'Unknown command "stat". Did you mean `/incident stats`? Type `/incident help` for the list.',
    );
    expect(await say('status fixed')).toBe(
      '"fixed" is not a status. Usage: `/incident status &lt;investigating|identified|monitoring|resolved&gt; [note]`',
    );
    expect(await say('status closed')).toBe('To close a resolved incident use `/incident close`.');
  });

  it('close needs resolved first and the lead, then closes', async () => {
    expect(await say('close', { user_id: 'U2' })).toBe(
      'INC-0001 is identified; resolve it first with `/incident status resolved`, then `/incident close`.',
    );
    expect(await say('status resolved fixed index')).toMatch(/INC-0001 is now \*resolved\*/);
    expect(await say('close', { user_id: 'U1' })).toBe(
      'Only the incident lead can close INC-0001. Ask them, or take the lead first with `/incident lead @you`.',
    );
    // SEV1: closing waits for the finalized postmortem (WARROOM_POSTMORTEM_REQUIRED defaults to sev1,sev2).
    expect(await say('close', { user_id: 'U2' })).toMatch(
      /^INC-0001 is SEV1: SEV1 incidents close only after their postmortem is finalized\./,
    );
    expect(await say('postmortem why a missing index on the search table')).toMatch(/^Postmortem started/);
    expect(await say('postmortem category capacity')).toBe('Root-cause category: *Capacity*.');
    expect(await say('postmortem finalize', { user_id: 'U2' })).toMatch(/postmortem is finalized/);
    expect(await say('close', { user_id: 'U2' })).toBe('INC-0001 is closed. Thank you, everyone.');
    expect(await say('list', { channel_id: GENERAL })).toBe(
      'No open incidents. `/incident declare &lt;title&gt;` opens one.',
    );
    const incident = h.app.store.incidents.byNumber(1);
    expect(incident).toMatchObject({ status: 'closed' });
    for (const stamp of ['declaredAt', 'acknowledgedAt', 'mitigatedAt', 'resolvedAt', 'closedAt'] as const)
      expect(incident?.[stamp]).not.toBeNull();
  });

  it('never hits a Slack validation error along the way', () => {
    expect(h.fake.calls.filter((c) => !c.ok && c.method !== 'conversations.create')).toEqual([]);
  });
});
