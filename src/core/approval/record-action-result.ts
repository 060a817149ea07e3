import type { Ctx } from '../context.js';
import { captureActionResult } from '../evidence/capture-action-result.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import { advanceStages } from '../playbook/advance-stages.js';
import { moveClocks } from '../schedule/incident-clocks.js';
import type { Approval } from './approval.js';

/**
 * Records what the executor did. Success completes the step; failure leaves it open so it can be requested again.
 * Either way the result is in the timeline and, when a vault is configured, captured as evidence.
 */
export function recordActionResult({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { approvalId: number; executor: string; ok: boolean; detail: Record<string, unknown> };
}): Approval {
  return ctx.store.transaction((store) => {
    const approval = store.approvals.byId(input.approvalId);
    if (!approval) throw new Error(`approval ${input.approvalId} vanished`);
    if (approval.status !== 'approved') return approval; // already recorded (a retry after a crash)
    const now = ctx.now().toISOString();
    const updated = store.approvals.update(approval.id, {
      status: input.ok ? 'executed' : 'failed',
      executor: input.executor,
      result: JSON.stringify(input.detail),
      finishedAt: now,
    });
    const incident = loadIncident(store, approval.incidentId);
    const entry = recordIncidentChange(
      store,
      ctx,
      incident,
      {
        kind: 'action.executed',
        payload: {
          approvalId: approval.id,
          action: approval.action,
          executor: input.executor,
          ok: input.ok,
          detail: input.detail,
        },
      },
      { header: false, post: true },
    );
    // The evidence vault keeps the executor's report as an action-result item, in this same transaction.
    captureActionResult(store, ctx, { incident, approval: updated, detail: input.detail });
    if (input.ok) {
      const state = store.playbooks.steps(approval.runId).find((s) => s.stepId === approval.stepId);
      store.playbooks.upsertStep({
        runId: approval.runId,
        stepId: approval.stepId,
        status: 'done',
        claimedBy: state?.claimedBy ?? null,
        doneBy: approval.decidedBy,
        doneAt: now,
        reason: `ran via ${input.executor}`,
        answer: null,
        updatedAt: now,
      });
    }
    enqueueDelivery(store, {
      key: `inc${incident.id}.t${entry.seq}.approval`,
      now: ctx.now(),
      intent: { type: 'approval.post', incidentId: incident.id, approvalId: approval.id },
    });
    const run = store.playbooks.run(approval.runId);
    if (run && input.ok) moveClocks(store, ctx, run, { stepDone: approval.stepId, by: approval.decidedBy });
    if (run) advanceStages(store, ctx, run, `inc${incident.id}.t${entry.seq}`);
    return updated;
  });
}
