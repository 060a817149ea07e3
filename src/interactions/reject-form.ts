import { z } from 'zod';
import { rejectAction } from '../core/approval/request-action.js';
import { defineForm } from './define-form.js';
import type { FormView } from './form-view.js';
import { reasonForm } from './reason-form.js';

export function rejectForm(approvalId: number, channelId: string): FormView {
  return reasonForm({
    id: 'reject_action',
    title: 'Reject action',
    submit: 'Reject',
    label: 'Why not?',
    context: { approvalId, channelId },
  });
}

/** The reject form: the reason is required; the approval message then shows the rejection. */
export const submitRejectForm = defineForm({
  id: 'reject_action',
  mainField: 'reason',
  context: z.object({ approvalId: z.coerce.number().int(), channelId: z.string() }),
  stale: 'This dialog is out of date; press the button again.',
  submit({ approvalId }, values, { ctx }) {
    rejectAction({ ctx, input: { approvalId, reason: values.reason ?? '' } });
    return { type: 'done' };
  },
});
