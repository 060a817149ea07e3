export interface Approval {
  id: number;
  incidentId: number;
  runId: number;
  stepId: string;
  action: string;
  params: string;
  approverRole: string;
  status: 'pending' | 'approved' | 'rejected' | 'executed' | 'failed';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  executor: string | null;
  /** When the action runner claimed it to call the executor (null until then). */
  claimedAt: string | null;
  result: string | null;
  finishedAt: string | null;
  messageId: string | null;
}

/**
 * Runs an approved action. Pluggable: dry-run (default) reports what it would do; a signed webhook calls out.
 * `signal` aborts when warroom shuts down: the executor stops at once and reports honestly how far it got.
 */
export interface ActionExecutor {
  readonly name: string;
  execute(request: {
    action: string;
    params: Record<string, string>;
    incidentRef: string;
    approvalId: number;
    signal?: AbortSignal;
  }): Promise<{ ok: boolean; detail: Record<string, unknown> }>;
}
