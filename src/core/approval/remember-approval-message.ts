import type { Ctx } from '../context.js';

/** Remembers the approval message so decisions and results edit it in place. */
export function rememberApprovalMessage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { approvalId: number; messageId: string };
}): void {
  ctx.store.approvals.update(input.approvalId, { messageId: input.messageId });
}
