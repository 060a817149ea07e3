import type { App } from '@slack/bolt';
import { incidentForChannel } from '../../../../core/incident/find-incident.js';
import { welcomeResponder } from '../../../../core/incident/welcome-responder.js';
import { coreCtx, type AdapterDeps } from '../../../adapter-deps.js';

/** A responder joined a war room: send them a private catch-up. The bot's own join is ignored. */
export function registerMemberJoinedChannel(app: App, deps: AdapterDeps): void {
  app.event('member_joined_channel', async ({ event, body, context }) => {
    if (event.user === context.botUserId) return;
    const ctx = coreCtx(deps, { type: 'slack', userId: event.user }, body.event_id);
    const incident = incidentForChannel({ ctx, channelId: event.channel });
    if (!incident) return;
    welcomeResponder({ ctx, input: { incidentId: incident.id, userId: event.user } });
    deps.dispatcher.kick();
  });
}
