import type { Activity } from 'botbuilder';
import { incidentForChannel } from '../../core/incident/find-incident.js';
import { coreCtx } from '../adapter-deps.js';
import type { TeamsTurnDeps } from './teams-turn-deps.js';

/**
 * The incident room a message was typed in: a thread war room is its whole conversation id (`…;messageid=root`), a
 * channel war room the channel, whichever thread of it the message is in.
 */
export function roomOf(t: TeamsTurnDeps, a: Activity): string {
  const ctx = coreCtx(t.deps, { type: 'system', reason: 'teams room lookup' }, a.id ?? 'teams');
  if (incidentForChannel({ ctx, channelId: a.conversation.id })) return a.conversation.id;
  const channel = (a.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  return channel ?? a.conversation.id.split(';')[0] ?? a.conversation.id;
}
