import type { Approval } from '../approval/approval.js';
import type { Ctx } from '../context.js';
import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import { canonicalJson } from '../hash-chain.js';
import { collectEvidence, type CollectedEvidence } from './collect-evidence.js';
import { EvidenceSource } from './evidence-item.js';

/**
 * Keeps what an executor reported as an evidence item (kind action-result), collected by the system, inside the
 * caller's transaction. `approval` is the row as just finished (executed or failed). Returns null when the
 * deployment has no vault: the timeline still holds the result.
 */
export function captureActionResult(
  store: Store,
  ctx: Ctx,
  args: { incident: Incident; approval: Approval; detail: Record<string, unknown> },
): CollectedEvidence | null {
  const vault = ctx.settings.evidence;
  if (!vault) return null;
  const { incident, approval } = args;
  const executor = approval.executor ?? 'unknown';
  const ok = approval.status === 'executed';
  const params = JSON.parse(approval.params) as Record<string, string>;
  const record = {
    incident: incident.ref,
    approvalId: approval.id,
    action: approval.action,
    params,
    requestedBy: approval.requestedBy,
    approvedBy: approval.decidedBy,
    executor,
    ok,
    detail: args.detail,
    finishedAt: approval.finishedAt,
  };
  // Small JSON, so writing it inside the transaction costs little. Canonical, so the stored bytes are reproducible.
  const stored = vault.contents.put(Buffer.from(canonicalJson(record), 'utf8'));
  return collectEvidence(store, ctx, vault, {
    incident,
    stored,
    kind: 'action-result',
    mediaType: 'application/json',
    description: `${ok ? 'Result' : 'Failure'} of ${approval.action} via ${executor} (approval #${approval.id})`,
    source: { approvalId: approval.id, action: approval.action, executor, ...targetOf(params) },
    purpose: `result of ${approval.action} (approval #${approval.id})`,
    // The action.executed entry is already posted to the war room; one message per run is enough.
    post: false,
  });
}

/** The host and IP the action targeted, when its parameters name them validly: the identifiers NIST asks for. */
function targetOf(params: Record<string, string>): Pick<EvidenceSource, 'host' | 'ip'> {
  const host = EvidenceSource.shape.host.safeParse(params.host || undefined);
  const ip = EvidenceSource.shape.ip.safeParse(params.ip || undefined);
  return {
    ...(host.success && host.data ? { host: host.data } : {}),
    ...(ip.success && ip.data ? { ip: ip.data } : {}),
  };
}
