import { and, asc, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { ApprovalRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { approvals } from '../schema/index.js';

export function approvalRepo(db: Db): ApprovalRepo {
  return {
    insert: (approval) => db.insert(approvals).values(approval).returning().get(),
    byId: (id) => db.select().from(approvals).where(eq(approvals.id, id)).get() ?? null,
    openFor: (runId, stepId) =>
      db
        .select()
        .from(approvals)
        .where(
          and(
            eq(approvals.runId, runId),
            eq(approvals.stepId, stepId),
            inArray(approvals.status, ['pending', 'approved']),
          ),
        )
        .get() ?? null,
    approved: (limit) =>
      db
        .select()
        .from(approvals)
        .where(and(eq(approvals.status, 'approved'), isNull(approvals.claimedAt)))
        .orderBy(asc(approvals.id))
        .limit(limit)
        .all(),
    // One conditional update: whoever changes the row first owns the call, however many runners race for it.
    claim: (id, at) =>
      db
        .update(approvals)
        .set({ claimedAt: at })
        .where(and(eq(approvals.id, id), eq(approvals.status, 'approved'), isNull(approvals.claimedAt)))
        .returning()
        .get() ?? null,
    claimedBefore: (before) =>
      db
        .select()
        .from(approvals)
        .where(and(eq(approvals.status, 'approved'), isNotNull(approvals.claimedAt), lt(approvals.claimedAt, before)))
        .orderBy(asc(approvals.id))
        .all(),
    update(id, changes) {
      const row = db.update(approvals).set(changes).where(eq(approvals.id, id)).returning().get();
      if (!row) throw new Error(`approval ${id} vanished during update`);
      return row;
    },
  };
}
