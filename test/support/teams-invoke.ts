// How Teams talks to warroom, for tests: activities shaped as Teams sends them (a channel message that @mentions the
// bot, a card button's `adaptiveCard/action` invoke, a dialog's `task/fetch` and `task/submit`), signed like Bot
// Framework signs them and posted to the real /api/messages; and readers for the cards and dialogs that come back.
import { expect } from 'vitest';
import type { FakeBotFramework } from '../fakes/fake-bot-framework.js';

export type Json = Record<string, unknown>;

/** Someone in Teams: Entra object id (warroom's user id), bot-scoped `29:` id, display name. */
export interface TeamsPerson {
  aadObjectId: string;
  id: string;
  name: string;
}

/**
 * Where an activity happens: the channel, the conversation in it (a thread, `<channel>;messageid=<root>`; a message
 * without one is a new post, the root of its own thread) and, for a button, the post the card is (`replyToId`, as
 * Teams sets it on an invoke).
 */
export interface TeamsPlace {
  channelId: string;
  conversationId?: string;
  replyToId?: string;
}

/** An HTTP answer from /api/messages, its body parsed (null when empty). */
export interface TeamsAnswer {
  status: number;
  body: unknown;
}

export interface TeamsClient {
  /** Posts an activity with a Bot Framework token for the bot (or `token`, to test refusals; null: no header). */
  post(activity: unknown, token?: string | null): Promise<TeamsAnswer>;
  /**
   * A channel message from `from` that @mentions the bot (`<at>warroom</at> text`). `{{Dan Okafor}}` in the text is an
   * @mention of that person, written as Teams writes one (`<at>…</at>` plus a mention entity).
   */
  message(from: TeamsPerson, text: string, place: TeamsPlace, over?: Json): Json;
  /** An invoke (`name`, `value`) from `from` in `place`. */
  invoke(from: TeamsPerson, name: string, value: unknown, place: TeamsPlace): Json;
  /** `@warroom <text>` typed by `from`. */
  say(from: TeamsPerson, text: string, place: TeamsPlace): Promise<TeamsAnswer>;
  /**
   * A press of an `Action.Execute` as Teams sends it: an `adaptiveCard/action` invoke with the button's verb and its
   * data, the card's inputs merged in (each input's typed value, empty when nothing was typed).
   */
  press(from: TeamsPerson, action: Json, place: TeamsPlace, inputs?: Record<string, string>): Promise<TeamsAnswer>;
  /** A dialog opened: the `task/fetch` invoke a `task/fetch` button (its data, as drawn) sends. */
  fetchTask(from: TeamsPerson, data: Json, place: TeamsPlace): Promise<TeamsAnswer>;
  /** A dialog submitted: its card's submit data with the typed values, as `task/submit`. */
  submitTask(from: TeamsPerson, card: Json, values: Json, place: TeamsPlace): Promise<TeamsAnswer>;
}

const MESSAGE_ANSWER = 'application/vnd.microsoft.activity.message';
let ids = 0;

/** A Teams client against `url` (…/api/messages), signing with `bot`'s keys; `people` are who `{{Name}}` can mention. */
export function teamsClient(o: {
  url: string;
  bot: FakeBotFramework;
  appId: string;
  tenantId: string;
  people: readonly TeamsPerson[];
}): TeamsClient {
  const base = (from: TeamsPerson, place: TeamsPlace, id: string): Json => {
    return {
      id,
      channelId: 'msteams',
      serviceUrl: o.bot.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: `28:${o.appId}`, name: 'warroom' },
      conversation: {
        id: place.conversationId ?? `${place.channelId};messageid=${place.replyToId ?? id}`,
        isGroup: true,
        conversationType: 'channel',
        tenantId: o.tenantId,
      },
      channelData: {
        tenant: { id: o.tenantId },
        channel: { id: place.channelId },
        team: { id: '19:team@thread.tacv2' },
      },
      ...(place.replyToId ? { replyToId: place.replyToId } : {}),
    };
  };
  const client: TeamsClient = {
    async post(activity, token) {
      const bearer = token === undefined ? o.bot.sign({ aud: o.appId, serviceurl: o.bot.serviceUrl }) : token;
      const res = await fetch(o.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    message(from, text, place, over = {}) {
      const mentioned = [...text.matchAll(/\{\{([^}]+)\}\}/g)].map(([, name = '']) => name);
      ids += 1;
      return {
        ...base(from, place, `17330000${String(ids).padStart(5, '0')}`),
        type: 'message',
        text: `<at>warroom</at> ${text.replace(/\{\{([^}]+)\}\}/g, '<at>$1</at>')}`,
        entities: [
          { type: 'mention', text: '<at>warroom</at>', mentioned: { id: `28:${o.appId}`, name: 'warroom' } },
          ...mentioned.map((name) => ({
            type: 'mention',
            text: `<at>${name}</at>`,
            mentioned: { id: o.people.find((p) => p.name === name)?.id ?? `29:unknown-${name}`, name },
          })),
        ],
        ...over,
      };
    },
    invoke(from, name, value, place) {
      ids += 1;
      return { ...base(from, place, `f:invoke-${ids}`), type: 'invoke', name, value };
    },
    say: (from, text, place) => client.post(client.message(from, text, place)),
    press(from, action, place, inputs = {}) {
      const data = { ...(action.data as Json | undefined), ...inputs };
      const value = { action: { type: 'Action.Execute', verb: action.verb, data }, trigger: 'manual' };
      return client.post(client.invoke(from, 'adaptiveCard/action', value, place));
    },
    fetchTask: (from, data, place) =>
      client.post(client.invoke(from, 'task/fetch', { data, context: { theme: 'default' } }, place)),
    submitTask: (from, card, values, place) =>
      client.post(
        client.invoke(
          from,
          'task/submit',
          { data: { ...submitData(card), ...values }, context: { theme: 'default' } },
          place,
        ),
      ),
  };
  return client;
}

/** Every object in a card (or activity), depth first. */
export const objects = (node: unknown): Json[] =>
  Array.isArray(node)
    ? node.flatMap(objects)
    : typeof node === 'object' && node !== null
      ? [node as Json, ...Object.values(node).flatMap(objects)]
      : [];

/** The Adaptive Cards an activity carries (a post, an edit), in order. */
export const cardsOf = (activity: unknown): Json[] =>
  (((activity as Json | null)?.attachments as Json[] | undefined) ?? [])
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => a.content as Json);

/** What a card says: its TextBlocks, one per line. */
export const cardText = (card: Json): string =>
  objects(card.body)
    .filter((o) => o.type === 'TextBlock')
    .map((o) => String(o.text))
    .join('\n');

/** The buttons a person can press on a card: its `Action.Execute`s (not the refresh clause, which no one presses). */
export function executeActions(card: Json): Json[] {
  const refresh = (card.refresh as Json | undefined)?.action;
  return objects(card).filter((o) => o.type === 'Action.Execute' && o !== refresh);
}

/** The card's buttons that open a dialog: `Action.Submit` with `msteams.type` `task/fetch`. */
export function taskFetchActions(card: Json): Json[] {
  return objects(card).filter(
    (o) =>
      o.type === 'Action.Submit' && ((o.data as Json | undefined)?.msteams as Json | undefined)?.type === 'task/fetch',
  );
}

/** The invoke's answer when it is a message only the clicker sees. */
export const said = (text: string | RegExp) => ({
  status: 200,
  body: { statusCode: 200, type: MESSAGE_ANSWER, value: typeof text === 'string' ? text : expect.stringMatching(text) },
});

const CARD_ANSWER = 'application/vnd.microsoft.card.adaptive';

/**
 * What the clicker is shown by an `adaptiveCard/action` answer: a message's text, or a card's TextBlocks (one per
 * line). Anything else (an error, an empty answer) fails.
 */
export function answerText(res: TeamsAnswer): string {
  expect(res.status).toBe(200);
  const body = res.body as { statusCode?: number; type?: string; value?: unknown };
  expect(body.statusCode).toBe(200);
  expect([MESSAGE_ANSWER, CARD_ANSWER]).toContain(body.type);
  if (body.type === MESSAGE_ANSWER) return String(body.value);
  return cardText((body.value as Json | undefined) ?? {});
}

/** A dialog answer (`task/fetch`, `task/submit`) that shows a card: the card. */
export function dialogCard(res: TeamsAnswer): Json {
  expect(res.status).toBe(200);
  const task = (res.body as { task?: { type?: string; value?: { card?: { contentType?: string; content?: Json } } } })
    .task;
  expect(task?.type).toBe('continue');
  expect(task?.value?.card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return task?.value?.card?.content ?? {};
}

/** A dialog card's submit button data (what `task/submit` echoes back). */
export const submitData = (card: Json) => objects(card).find((o) => o.type === 'Action.Submit')?.data as Json;

/** A dialog card's inputs, in order. */
export const dialogInputs = (card: Json): Json[] => objects(card).filter((o) => String(o.type).startsWith('Input.'));
