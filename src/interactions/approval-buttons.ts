import { approveAction } from '../core/approval/request-action.js';
import type { PressOf } from './button-press.js';
import { privately, type InteractionEnv, type InteractionResult } from './interaction.js';
import { rejectForm } from './reject-form.js';

/** Approve runs the requested action (after the four-eyes check in the verb). */
export function approveButton(press: PressOf<'approve'>, { ctx }: InteractionEnv): InteractionResult {
  const approval = approveAction({ ctx, input: { approvalId: press.approvalId } });
  return privately(`Approved ${approval.action}; it runs now.`);
}

/** Reject asks why first (the reason is recorded). */
export function rejectButton(press: PressOf<'reject'>, { channelId }: InteractionEnv): InteractionResult {
  return { type: 'open-form', form: rejectForm(press.approvalId, channelId ?? '') };
}
