import type { ChatView } from '../chat-view.js';
import type { Ctx } from '../context.js';
import { describeIncident } from './describe-incident.js';
import type { Incident } from './incident.js';

export type HeaderChatView = Extract<ChatView, { kind: 'header' }>;

/** The war-room header as it stands now: what the outbox posts and edits, and what a refresh draws for one viewer. */
export function headerView(ctx: Pick<Ctx, 'store' | 'settings' | 'now'>, incident: Incident): HeaderChatView {
  const view = describeIncident(
    incident,
    ctx.store.roles.forIncident(incident.id),
    ctx.settings.roles,
    ctx.now(),
    ctx.store.schedules.clocksFor(incident.id),
    ctx.store.checkpoints.latest(incident.id),
  );
  return { kind: 'header', incident, view };
}
