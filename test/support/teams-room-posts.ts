// What Teams shows, read back from what the app sent the fake Bot Connector: the posts of a channel (each root post
// and each reply in its thread, as last edited) and a person's chat with the bot.
import type { ConnectorCall } from '../fakes/fake-bot-framework.js';
import { cardsOf, cardText, type Json, type TeamsPerson, type TeamsPlace } from './teams-invoke.js';

/** One post by the bot, as it reads now. */
export interface TeamsPost {
  /** The activity id (what an edit and a button's `replyToId` name). */
  id: string;
  /** The conversation it is in: its thread, `<channel>;messageid=<root>` (a root post is its own thread's root). */
  thread: string;
  /** The activity as last sent: the post, or its latest edit. */
  activity: Json;
  edits: number;
}

const ok = (c: ConnectorCall) => c.status >= 200 && c.status < 300;
/** `/v3/conversations/{conversation}/activities[/{id}]` → the conversation and the id. */
const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

/** The ids the fake answered a successful call with (a new thread's or activity's). */
const answerOf = (call: ConnectorCall): Record<string, unknown> => (call.answer ?? {}) as Record<string, unknown>;

/** Every post the bot made in `channelId` (root posts and replies in its threads), in order, each as last edited. */
export function channelPosts(calls: readonly ConnectorCall[], channelId: string): TeamsPost[] {
  const posts: TeamsPost[] = [];
  for (const call of calls.filter(ok)) {
    const channel = (call.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    if (call.method === 'POST' && call.path === '/v3/conversations' && channel === channelId) {
      posts.push({
        id: String(answerOf(call).activityId),
        thread: String(answerOf(call).id),
        activity: call.body.activity as Json,
        edits: 0,
      });
      continue;
    }
    const at = ACTIVITIES.exec(call.path);
    const conversation = decodeURIComponent(at?.[1] ?? '');
    if (!at || conversation.split(';')[0] !== channelId) continue;
    if (call.method === 'POST')
      posts.push({ id: String(answerOf(call).id), thread: conversation, activity: call.body, edits: 0 });
    if (call.method === 'PUT') {
      const post = posts.find((p) => p.id === decodeURIComponent(at[2] ?? ''));
      if (post) {
        post.activity = call.body;
        post.edits += 1;
      }
    }
  }
  return posts;
}

/** Everything the bot said to `person` in their personal chat (pages, refusals, briefs), in order. */
export function personalChat(calls: readonly ConnectorCall[], person: TeamsPerson): Json[] {
  const opened = calls
    .filter(
      (c) =>
        ok(c) &&
        c.method === 'POST' &&
        c.path === '/v3/conversations' &&
        c.body.isGroup === false &&
        (c.body.members as Array<{ id?: string }> | undefined)?.some(
          (m) => m.id === person.id || m.id === person.aadObjectId,
        ),
    )
    .map((c) => String(answerOf(c).id));
  return calls
    .filter(
      (c) => ok(c) && c.method === 'POST' && opened.includes(decodeURIComponent(ACTIVITIES.exec(c.path)?.[1] ?? '')),
    )
    .map((c) => c.body);
}

/** What a post shows as text: a message's text, or its cards' TextBlocks, one per line. */
export function shownText(activity: Json): string {
  if (typeof activity.text === 'string') return activity.text;
  return cardsOf(activity).map(cardText).join('\n');
}

/** Where a person presses a button on `post`, as Teams reports it: the post's thread, answering the post. */
export const onPost = (post: TeamsPost, channelId: string): TeamsPlace => ({
  channelId,
  conversationId: post.thread,
  replyToId: post.id,
});
