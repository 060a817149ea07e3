import type { Ctx } from '../context.js';

/** Remembers where an alert's triage message is, so a decision or a resolve edits it in place. */
export function rememberTriageMessage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { alertId: number; channelId: string; messageId: string };
}): void {
  ctx.store.alerts.update(input.alertId, { triageChannelId: input.channelId, triageMessageId: input.messageId });
}
