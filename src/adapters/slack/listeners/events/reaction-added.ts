import type { App } from '@slack/bolt';
import { incidentForChannel } from '../../../../core/incident/find-incident.js';
import { pinMessage } from '../../../../core/timeline/pin-message.js';
import { coreCtx, type AdapterDeps } from '../../../adapter-deps.js';

const PIN_REACTIONS = new Set(['pushpin', 'round_pushpin']);

/** :pushpin: on any message in a war room copies that message into the timeline. */
export function registerReactionAdded(app: App, deps: AdapterDeps): void {
  app.event('reaction_added', async ({ event, body, client }) => {
    if (!PIN_REACTIONS.has(event.reaction) || event.item.type !== 'message') return;
    const requestId = body.event_id;
    const ctx = coreCtx(deps, { type: 'slack', userId: event.user }, requestId);
    const incident = incidentForChannel({ ctx, channelId: event.item.channel });
    if (!incident) return;
    const history = await client.conversations.history({ channel: event.item.channel, latest: event.item.ts, inclusive: true, limit: 1 });
    const message = history.messages?.find((m) => m.ts === event.item.ts);
    pinMessage({
      ctx,
      input: {
        incidentId: incident.id,
        messageId: event.item.ts,
        author: message?.user ?? event.item_user ?? null,
        // A threaded reply is not in channel history; the pin is still recorded, with what we know.
        text: message?.text ?? '(message text not available: it may be a thread reply)',
      },
    });
  });
}
