import type { WebClient } from '@slack/web-api';
import { loadPostmortemView } from '../../core/postmortem/describe-postmortem.js';
import type { Store } from '../../core/store-port.js';
import { postmortemModalFor } from './presenters/postmortem-modals.js';

/**
 * Opens the postmortem modal where the postmortem stands (the next why, or the read-only summary once finalized),
 * for the Start postmortem button and for `/incident postmortem` alike. Slack's trigger_id is valid for 3 seconds:
 * callers run only local SQLite work before this.
 */
export async function openPostmortemModal(
  client: WebClient,
  store: Store,
  o: { triggerId: string; incidentId: number; channelId: string; userId: string },
): Promise<void> {
  const view = loadPostmortemView(store, o.incidentId);
  if (!view) throw new Error(`postmortem of incident ${o.incidentId} vanished`);
  await client.views.open({ trigger_id: o.triggerId, view: postmortemModalFor(view, o.channelId, o.userId) });
}
