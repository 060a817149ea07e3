import { textView } from '../chat-view.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { describeOverdueAction } from './describe-digest.js';

/** `direct.overdue_action`: the daily direct message to the owner of an overdue corrective action. */
export const deliverOverdueAction: DeliveryHandler<'direct.overdue_action'> = async ({ ctx, chat, intent }) => {
  const action = ctx.store.postmortems.actionById(intent.actionId);
  const incident = action ? ctx.store.incidents.byId(action.incidentId) : null;
  // Done or verified since it was queued: nothing to nag about.
  if (!action || !incident || action.status !== 'open') return;
  await chat.postDirect(intent.userId, textView(describeOverdueAction(action, incident, chat.fmt)));
};
