import type { App } from '@slack/bolt';
import { pinReaction, pinsMessage } from '../../../../interactions/index.js';
import { coreCtx, type AdapterDeps } from '../../../adapter-deps.js';
import { slackFmt } from '../../slack-fmt.js';

/**
 * :pushpin: on any message in a war room copies that message into the timeline. Slack shows the reaction itself and
 * an event has no one to answer privately, so the shared layer's confirmation is not posted.
 */
export function registerReactionAdded(app: App, deps: AdapterDeps): void {
  app.event('reaction_added', async ({ event, body, client }) => {
    if (event.item.type !== 'message') return;
    const ctx = coreCtx(deps, { type: 'slack', userId: event.user }, body.event_id);
    const channelId = event.item.channel;
    if (!pinsMessage(event.reaction, channelId, ctx)) return;
    const history = await client.conversations.history({
      channel: channelId,
      latest: event.item.ts,
      inclusive: true,
      limit: 1,
    });
    const message = history.messages?.find((m) => m.ts === event.item.ts);
    pinReaction(
      {
        reaction: event.reaction,
        channelId,
        messageId: event.item.ts,
        author: message?.user ?? event.item_user ?? null,
        // A threaded reply is not in channel history; the pin is still recorded, with what we know.
        text: message?.text ?? '(message text not available: it may be a thread reply)',
      },
      { ctx, fmt: slackFmt, channelId },
    );
  });
}
