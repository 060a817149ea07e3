import type { AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { AdapterDeps } from '../adapter-deps.js';
import type { TurnQueue } from '../../turn-queue.js';
import { dedupeRequests, slackRequestKey, type KeyedBody } from './dedupe-requests.js';
import { rememberSlackPeople } from './remember-slack-people.js';
import { ephemeral, replyForError } from './slack-replies.js';

/**
 * The order every Slack request is served in, so that Slack's ack waits neither on the disk nor on other requests'
 * work (issue 12; Slack allows 3 s, and Bolt sends the HTTP answer the moment ack() is called):
 *
 * 1. a duplicate is recognised in memory; 2. the request is acknowledged, empty; 3. it waits for its turn (one
 * request's work per event-loop turn, so the acks of requests that arrived meanwhile go out first); 4. the durable
 * claim is written, and a request claimed already elsewhere stops here; 5. the people directory learns the names it
 * carries; 6. the listener runs and answers through response_url (or views.open with the trigger_id).
 *
 * Events (Bolt acks those before any middleware), slash commands and button clicks follow it: their listeners do
 * not call ack(). Modal submissions do not: their answer (errors under a field, the next form) is the ack body, so
 * their listener runs and acks, and only then are the names recorded. Slack never retries those; they have no key.
 */
export function ackFirst(deps: AdapterDeps, turns: TurnQueue): Middleware<AnyMiddlewareArgs> {
  const dedupe = dedupeRequests(deps);
  const rememberPeople = rememberSlackPeople(deps);
  return async (args) => {
    const key = slackRequestKey(args.body as KeyedBody);
    if (!key) {
      try {
        return void (await args.next());
      } finally {
        rememberPeople(args.body);
      }
    }
    const first = dedupe.firstSighting(key);
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    if (!first) {
      deps.logger.info({ key }, 'duplicate Slack request ignored');
      return;
    }
    await turns.wait();
    let claimed: boolean;
    try {
      claimed = dedupe.claim(key);
    } catch (error) {
      // Acknowledged but not recorded: nothing ran. Whoever typed or clicked hears it (the request id is logged).
      const text = replyForError(error, key, deps.logger);
      if ('respond' in args && typeof args.respond === 'function')
        await (args.respond as RespondFn)(ephemeral(text)).catch(() => undefined);
      return;
    }
    if (!claimed) {
      deps.logger.info({ key }, 'Slack request claimed already (another replica, or before a restart); skipped');
      return;
    }
    rememberPeople(args.body);
    await args.next();
  };
}
