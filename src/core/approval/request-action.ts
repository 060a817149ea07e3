import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import type { NormalizedAlert } from '../alert/normalized-alert.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import { loadRunStep, requireStepAuthority, requireUnlocked } from '../playbook/load-run-step.js';
import type { Store } from '../store-port.js';
import type { Approval } from './approval.js';
import { decisionRefusal } from './decision-refusal.js';

/** Fills `{{incident.ref}}`, `{{alert.host}}`, `{{alert.ip}}`, `{{alert.user}}`, `{{alert.service}}`; unknown stay empty. Plain substitution, never evaluation. */
export function fillParams(
  params: Record<string, string>,
  incident: Incident,
  alert: NormalizedAlert | null,
): Record<string, string> {
  const values: Record<string, string> = {
    'incident.ref': incident.ref,
    'incident.title': incident.title,
    'alert.host': alert?.asset.host ?? '',
    'alert.ip': alert?.asset.ip ?? '',
    'alert.user': alert?.asset.user ?? '',
    'alert.cloud_resource': alert?.asset.cloudResource ?? '',
    'alert.service': alert?.service ?? incident.service ?? '',
  };
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      v.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (_m, key: string) => values[key] ?? ''),
    ]),
  );
}

function queueMessage(store: Store, ctx: Ctx, approval: Approval, seq: number): void {
  enqueueDelivery(store, {
    key: `inc${approval.incidentId}.t${seq}.approval`,
    now: ctx.now(),
    intent: { type: 'approval.post', incidentId: approval.incidentId, approvalId: approval.id },
  });
}

export const RequestActionInput = z.object({ runId: z.number().int(), stepId: z.string().min(1) });

/** "Request" on an action step: an approval request that someone else with the approving role must decide. */
export function requestStepAction({ ctx, input }: { ctx: Ctx; input: z.input<typeof RequestActionInput> }): Approval {
  const { runId, stepId } = RequestActionInput.parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const rs = loadRunStep(store, runId, stepId);
    if (rs.step.type !== 'action')
      throw new ConflictError(`"${rs.step.title}" is not an action; mark it done instead.`);
    requireUnlocked(rs);
    requireStepAuthority(store, rs, userId);
    const open = store.approvals.openFor(runId, stepId);
    if (open)
      throw new ConflictError(
        `"${rs.step.title}" was already requested (approval #${open.id}, ${open.status}). Nobody runs the same action twice.`,
      );
    const firstAlert = store.alerts.forIncident(rs.incident.id)[0];
    const params = fillParams(
      rs.step.params,
      rs.incident,
      firstAlert ? (JSON.parse(firstAlert.normalized) as NormalizedAlert) : null,
    );
    const approval = store.approvals.insert({
      incidentId: rs.incident.id,
      runId,
      stepId,
      action: rs.step.action,
      params: JSON.stringify(params),
      approverRole: rs.step.approver,
      status: 'pending',
      requestedBy: userId,
      requestedAt: ctx.now().toISOString(),
      decidedBy: null,
      decidedAt: null,
      reason: null,
      executor: null,
      claimedAt: null,
      result: null,
      finishedAt: null,
      messageId: null,
    });
    const entry = recordIncidentChange(
      store,
      ctx,
      rs.incident,
      {
        kind: 'action.requested',
        payload: {
          approvalId: approval.id,
          runId,
          stepId,
          action: approval.action,
          params,
          approverRole: approval.approverRole,
        },
      },
      { header: false },
    );
    queueMessage(store, ctx, approval, entry.seq);
    return approval;
  });
}

/** The request and its incident, when this person may decide it now (decision-refusal.ts); thrown otherwise. */
function decidable(store: Store, approvalId: number, userId: string): { approval: Approval; incident: Incident } {
  const approval = store.approvals.byId(approvalId);
  if (!approval) throw new NotFoundError(`No approval request #${approvalId}.`);
  const incident = loadIncident(store, approval.incidentId);
  const refusal = decisionRefusal(store, approval, incident, userId);
  if (refusal) throw refusal;
  return { approval, incident };
}

export const DecideActionInput = z.object({ approvalId: z.number().int() });

export function approveAction({ ctx, input }: { ctx: Ctx; input: z.input<typeof DecideActionInput> }): Approval {
  const { approvalId } = DecideActionInput.parse(input);
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const { approval, incident } = decidable(store, approvalId, userId);
    const updated = store.approvals.update(approval.id, {
      status: 'approved',
      decidedBy: userId,
      decidedAt: ctx.now().toISOString(),
    });
    const entry = recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'action.approved', payload: { approvalId: approval.id, action: approval.action } },
      { header: false },
    );
    queueMessage(store, ctx, updated, entry.seq);
    return updated;
  });
}

export const RejectActionInput = z.object({
  approvalId: z.number().int(),
  reason: z.string().trim().min(3, 'Say why you reject it (it is recorded).').max(500),
});

export function rejectAction({ ctx, input }: { ctx: Ctx; input: z.input<typeof RejectActionInput> }): Approval {
  const parsed = RejectActionInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
  const userId = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const { approval, incident } = decidable(store, parsed.data.approvalId, userId);
    const updated = store.approvals.update(approval.id, {
      status: 'rejected',
      decidedBy: userId,
      decidedAt: ctx.now().toISOString(),
      reason: parsed.data.reason,
    });
    const entry = recordIncidentChange(
      store,
      ctx,
      incident,
      {
        kind: 'action.rejected',
        payload: { approvalId: approval.id, action: approval.action, reason: parsed.data.reason },
      },
      { header: false },
    );
    queueMessage(store, ctx, updated, entry.seq);
    return updated;
  });
}
