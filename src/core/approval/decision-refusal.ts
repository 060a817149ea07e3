import { ConflictError, ForbiddenError, type WarroomError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { closedRefusal } from '../incident/require-open.js';
import type { Store } from '../store-port.js';
import type { Approval } from './approval.js';

/** Four eyes: the approver holds the approving role (the lead approves `lead` actions) and is not the requester. */
function approverRefusal(store: Store, approval: Approval, incident: Incident, userId: string): ForbiddenError | null {
  const lead = approval.approverRole === 'lead';
  if (approval.requestedBy === userId) {
    return new ForbiddenError(
      `You requested ${approval.action}; someone else with the ${approval.approverRole} role must approve or reject it (four eyes).`,
    );
  }
  const holder = lead ? incident.leadId : store.roles.get(incident.id, approval.approverRole)?.userId;
  if (holder === userId) return null;
  const who = lead
    ? 'the incident lead'
    : `whoever holds the ${approval.approverRole} role${holder ? '' : ' (nobody does yet)'}`;
  return new ForbiddenError(
    (fmt) =>
      `Only ${who} can decide ${approval.action}.${lead ? '' : ` The lead assigns it: ${fmt.command(`role ${approval.approverRole} @user`)}.`}`,
  );
}

/**
 * Why this person may not approve or reject the request now, or null when they may: the incident is open, the request
 * still pending, and they pass four eyes. The verbs throw it; an approval card drawn for one viewer shows Approve and
 * Reject only when it is null, and says it otherwise.
 */
export function decisionRefusal(
  store: Store,
  approval: Approval,
  incident: Incident,
  userId: string,
): WarroomError | null {
  const closed = closedRefusal(incident);
  if (closed) return closed;
  if (approval.status !== 'pending')
    return new ConflictError(`Approval #${approval.id} is already ${approval.status}.`);
  return approverRefusal(store, approval, incident, userId);
}
