import type { Ctx } from '../context.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Approval } from './approval.js';

/**
 * The action runner takes an approved action to call its executor: a conditional update, so it is called at most
 * once; and, in the same transaction, the approval message is re-rendered from "queued" to "running", since an
 * incident's actions wait for each other. Null when another runner claimed it or it was decided meanwhile.
 */
export function claimApprovedAction({ ctx, input }: { ctx: Ctx; input: { approvalId: number } }): Approval | null {
  return ctx.store.transaction((store) => {
    const claimed = store.approvals.claim(input.approvalId, ctx.now().toISOString());
    if (claimed) {
      enqueueDelivery(store, {
        key: `approval${claimed.id}.claimed`,
        now: ctx.now(),
        intent: { type: 'approval.post', incidentId: claimed.incidentId, approvalId: claimed.id },
      });
    }
    return claimed;
  });
}
