import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatPort, ChatRoom } from '../../src/core/chat-port.js';
import type { ChatView } from '../../src/core/chat-view.js';
import type { Fmt } from '../../src/core/fmt.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { postStakeholderUpdate } from '../../src/core/incident/post-stakeholder-update.js';
import { deliverIntent } from '../../src/core/outbox/deliver-intent.js';
import { OutboxIntent } from '../../src/core/outbox/outbox-intent.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

/** Marks unlike Slack's and the sandbox's: a delivery that writes markup itself instead of through them shows here. */
const markedFmt: Fmt = {
  user: (id) => `<at>${id}</at>`,
  person: (id, name) => `${name ?? id} [${id}]`,
  channel: (id, name) => `[#${name ?? id}]`,
  text: (raw) => raw,
  time: (iso) => `{${iso}}`,
  bold: (s) => `**${s}**`,
  em: (s) => `__${s}__`,
  code: (raw) => `'${raw}'`,
  pre: (raw) => `[pre]${raw}[/pre]`,
  command: (args) => `'@warroom ${args}'`,
  link: (url, label) => `[${label}](${url})`,
  icon: (name) => `[${name}]`,
};

type Sent = { op: string; room?: string; messageId?: string; view?: ChatView; extra?: unknown };

/** A chat platform that records what it is asked to do. Names in `taken` belong to someone else. */
function recordingChat(taken: string[] = []) {
  const sent: Sent[] = [];
  let next = 0;
  const chat: ChatPort = {
    fmt: markedFmt,
    async openRoom(name) {
      sent.push({ op: 'openRoom', extra: name });
      return taken.includes(name) ? null : ({ id: `R${name}`, name } satisfies ChatRoom);
    },
    describeRoom: async (room, topic, purpose) =>
      void sent.push({ op: 'describeRoom', room, extra: { topic, purpose } }),
    invite: async (room, users) => void sent.push({ op: 'invite', room, extra: users }),
    async post(room, view) {
      const messageId = `M${(next += 1)}`;
      sent.push({ op: 'post', room, messageId, view });
      return messageId;
    },
    update: async (room, messageId, view) => void sent.push({ op: 'update', room, messageId, view }),
    page: async (room, group, users, view) => void sent.push({ op: 'page', room, view, extra: { group, users } }),
    postPrivate: async (room, user, view) => void sent.push({ op: 'postPrivate', room, view, extra: user }),
    postDirect: async (user, view) => void sent.push({ op: 'postDirect', view, extra: user }),
    async upload(room, file) {
      sent.push({ op: 'upload', room, extra: file });
      return 'F1';
    },
    findOwnFile: async () => null,
    resolveChannel: async (ref) => `C-${ref}`,
  };
  return { chat, sent };
}

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const system = () => t.ctx({ type: 'system', reason: 'delivery' }, { announceChannel: 'incidents' });
/** Delivers every row queued after `after` once, in order, with those delivering enqueues (minus pacing and retries). */
async function deliverQueued(chat: ChatPort, after = 0): Promise<number> {
  const next = t.database.sqlite.prepare('select id, intent from outbox where id > ? order by id limit 1');
  let last = after;
  for (
    let row = next.get(last) as { id: number; intent: string } | undefined;
    row;
    row = next.get(last) as typeof row
  ) {
    await deliverIntent(OutboxIntent.parse(JSON.parse(row.intent)), chat, system());
    last = row.id;
  }
  return last;
}
const textOf = (s: Sent | undefined) => (s?.view?.kind === 'text' ? s.view.text : undefined);

describe('delivering intents through a chat port', () => {
  it('opens the war room on the next free name, says what it is, invites the declarer, and posts the header once then edits it', async () => {
    const incident = declareIncident({
      ctx: t.ctx('alice', { announceChannel: 'incidents' }),
      input: { title: 'Checkout down', severity: 'sev2' },
    });
    const { chat, sent } = recordingChat(['inc-0001-checkout-down']);
    const last = await deliverQueued(chat);

    expect(sent.filter((s) => s.op === 'openRoom').map((s) => s.extra)).toEqual([
      'inc-0001-checkout-down',
      'inc-0001-checkout-down-2',
    ]);
    const room = 'Rinc-0001-checkout-down-2';
    expect(t.store.incidents.byId(incident.id)?.channelId).toBe(room);
    expect(sent.find((s) => s.op === 'describeRoom')).toEqual({
      op: 'describeRoom',
      room,
      extra: {
        topic: 'INC-0001 SEV2 · Checkout down',
        purpose: "War room for INC-0001. Type '@warroom help' for commands.",
      },
    });
    expect(sent.find((s) => s.op === 'invite')).toMatchObject({ room, extra: ['alice'] });
    const header = sent.find((s) => s.view?.kind === 'header');
    expect(header).toMatchObject({ op: 'post', room });
    expect(t.store.incidents.byId(incident.id)?.headerMessageId).toBe(header?.messageId);
    // Announced once the room exists, in the port's own marks.
    expect(textOf(sent.find((s) => s.room === 'C-incidents'))).toBe(
      `[rotating_light] **INC-0001** (SEV2) declared by <at>alice</at>: Checkout down — join [#inc-0001-checkout-down-2]`,
    );

    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: incident.id, status: 'investigating' } });
    sent.length = 0;
    await deliverQueued(chat, last);
    expect(sent.filter((s) => s.op === 'openRoom')).toEqual([]);
    expect(sent.find((s) => s.view?.kind === 'header')).toMatchObject({
      op: 'update',
      room,
      messageId: header?.messageId,
    });
  });

  it('writes the page and the stakeholder update with the marks of the port it is sent through', async () => {
    const incident = declareIncident({
      ctx: t.ctx('alice', { announceChannel: 'incidents' }),
      input: { title: 'Checkout down', severity: 'sev2' },
    });
    const { chat, sent } = recordingChat();
    await deliverQueued(chat);
    const room = 'Rinc-0001-checkout-down';

    await deliverIntent(
      { type: 'warroom.page', incidentId: incident.id, group: 'S0PAY', users: ['bob'] },
      chat,
      system(),
    );
    expect(sent.at(-1)).toMatchObject({ op: 'page', room, extra: { group: 'S0PAY', users: ['bob'] } });
    expect(textOf(sent.at(-1))).toBe(
      "INC-0001 (SEV2) needs you: Checkout down. Press **Acknowledge** (or '@warroom ack') to take it.",
    );

    const entry = postStakeholderUpdate({
      ctx: t.ctx('carol', { announceChannel: 'incidents' }),
      input: { incidentId: incident.id, text: 'Failing over to the standby.' },
    });
    await deliverIntent(
      { type: 'announce.update', incidentId: incident.id, channel: 'incidents', seq: entry.seq },
      chat,
      system(),
    );
    expect(sent.at(-1)).toMatchObject({ op: 'post', room: 'C-incidents' });
    expect(textOf(sent.at(-1))).toBe(
      `[loudspeaker] **INC-0001** (SEV2 · declared) Checkout down\nFailing over to the standby.\n__<at>carol</at>, {${entry.at}}__ — [#inc-0001-checkout-down]`,
    );
  });
});
