// Teams' refusals for good, through the real app: the fake Bot Connector answers as Teams does when the app was removed
// from a team (403 BotNotInConversationRoster) or a conversation is gone (404 ConversationNotFound). The delivery is
// dead-lettered on the first answer, the queue moves on, and an operator reads Teams' code and what to do in
// /metrics and `warroom outbox list`, then re-drives it once the app is back.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { addNote } from '../../../src/core/timeline/add-note.js';
import { CAROL, startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';
import { teamsPersonCtx } from '../../support/teams-person-ctx.js';

const ANNOUNCE = '19:announce@thread.tacv2';

let h: TeamsHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const metrics = async (harness: TeamsHarness) => (await fetch(`${harness.app.url}/metrics`)).text();
const outbox = (harness: TeamsHarness, ...args: string[]) =>
  runCli(['outbox', ...args, '--db', harness.app.database.sqlite.name]);
const textOf = (body: Record<string, unknown>) =>
  String((body.activity as { text?: unknown } | undefined)?.text ?? body.text ?? '');

describe('Teams refusals for good, dead-lettered with their Teams code', () => {
  it('403 BotNotInConversationRoster: dead at the first answer, labelled in /metrics and the outbox list with the fix, sent once the app is re-added and the row retried', async () => {
    h = await startTeamsHarness();
    expect(await h.say('declare Checkout down sev1')).toBe(200);
    const room = await h.until(() => h?.app.store.incidents.byNumber(1)?.channelId);
    await h.until(() => h?.app.store.incidents.byNumber(1)?.headerMessageId);
    await h.until(() => h?.app.store.outbox.countPending() === 0);

    // A team owner removes warroom from the incidents team; two notes are recorded for the war room.
    h.bot.refuse(room, 'BotNotInConversationRoster');
    const ctx = teamsPersonCtx(h.app, CAROL);
    addNote({ ctx, input: { incidentId: 1, text: 'first after removal' } });
    addNote({ ctx, input: { incidentId: 1, text: 'second after removal' } });
    h.app.dispatcher.kick();
    const dead = await h.until(() => {
      const rows = h?.app.store.outbox.listDead() ?? [];
      return rows.length === 2 ? rows : null;
    });

    // Each met Teams once: no retry loop, and the second did not wait behind the first.
    const refused = h.bot.connectorCalls.filter((c) => c.conversation === room && c.status === 403);
    expect(refused.map((c) => textOf(c.body).match(/(first|second) after removal/)?.[1])).toEqual(['first', 'second']);
    expect(refused.map((c) => c.answer)).toEqual([
      { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } },
      { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } },
    ]);
    expect(dead.map((d) => [d.method, d.code])).toEqual([
      ['conversations.createConversation', 'BotNotInConversationRoster'],
      ['conversations.createConversation', 'BotNotInConversationRoster'],
    ]);

    expect(await metrics(h)).toContain(
      'warroom_outbox_dead_total{method="conversations.createConversation",error="BotNotInConversationRoster"} 2',
    );
    const [first] = dead;
    const list = outbox(h, 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(
      `#${first?.outboxId}  created ${first?.createdAt}  conversations.createConversation → INC-0001 war room  error BotNotInConversationRoster  attempts 1`,
    );
    expect(list.stdout).toContain(
      `    fix: warroom is not in that team/chat any more (the app was removed): re-add the app to the team (Manage team → Apps), then run \`npx warroom outbox retry ${first?.outboxId}\``,
    );

    // The owner re-adds the app; the operator re-drives both, and each arrives once.
    h.bot.refuse(room, null);
    expect(outbox(h, 'retry', '--all')).toMatchObject({ code: 0 });
    await h.until(() => h?.app.store.outbox.countPending() === 0 && h.app.store.outbox.listDead().length === 0);
    const sent = h.bot.connectorCalls.filter((c) => c.conversation === room && c.status === 201);
    expect(sent.filter((c) => /(first|second) after removal/.test(textOf(c.body))).map((c) => textOf(c.body))).toEqual([
      expect.stringContaining('first after removal'),
      expect.stringContaining('second after removal'),
    ]);
    // Still counted: the metric says how often it happened, not what is dead now.
    expect(await metrics(h)).toContain(
      'warroom_outbox_dead_total{method="conversations.createConversation",error="BotNotInConversationRoster"} 2',
    );
  });

  it('404 ConversationNotFound for the announcements channel: dead at once, the war room unaffected, the fix names the setting', async () => {
    h = await startTeamsHarness({ WARROOM_ANNOUNCE_CHANNEL: ANNOUNCE });
    h.bot.refuse(ANNOUNCE, 'ConversationNotFound');
    expect(await h.say('declare Payments slow sev2')).toBe(200);
    const [dead] = await h.until(() => {
      const rows = h?.app.store.outbox.listDead() ?? [];
      return rows.length > 0 ? rows : null;
    });
    expect(dead).toMatchObject({
      destination: `channel:${ANNOUNCE}`,
      method: 'conversations.createConversation',
      code: 'ConversationNotFound',
    });
    expect(h.bot.connectorCalls.filter((c) => c.conversation === ANNOUNCE)).toHaveLength(1);
    // The war room's own queue went on: its header was posted.
    await h.until(() => h?.app.store.incidents.byNumber(1)?.headerMessageId);

    expect(await metrics(h)).toContain(
      'warroom_outbox_dead_total{method="conversations.createConversation",error="ConversationNotFound"} 1',
    );
    const list = outbox(h, 'list').stdout ?? '';
    expect(list).toContain(`conversations.createConversation → ${ANNOUNCE}  error ConversationNotFound`);
    expect(list).toContain(
      `fix: Teams has no conversation ${ANNOUNCE} (announcements): the channel was deleted or the id is wrong; use the 19:…@thread.tacv2 id from the channel's "Get link to channel", or set WARROOM_ANNOUNCE_CHANNEL to a channel of a team warroom is in; then run \`npx warroom outbox retry ${dead?.outboxId}\``,
    );
  });
});
