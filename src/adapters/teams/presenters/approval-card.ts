import type { ApprovalView } from '../../../core/approval/describe-approval.js';
import { INPUT, VERB } from '../ids.js';
import type { CardActivity, CardElement } from './adaptive-card.js';
import type { CardContext } from './build-card-activity.js';
import { execute, reasonInput, textBlock } from './card-elements.js';
import { fitCard } from './fit-card.js';
import { trimNote } from './trim-note.js';

/** An approval request: what, who asked, and Approve / Reject (with the reason box) while it is pending. */
export function approvalCard(view: ApprovalView, ctx: CardContext): CardActivity {
  const text = textBlock(view.text);
  const body: CardElement[] = [text];
  if (view.open) body.push(reasonInput(INPUT.reason, 'Reason (to reject)', 'Wrong host: the alert names db-2'));
  const data = { approvalId: view.approvalId };
  const { activity } = fitCard(
    {
      body,
      actions: view.open
        ? [
            execute(VERB.approveAction, 'Approve', data, { style: 'positive' }),
            execute(VERB.rejectAction, 'Reject', data, { style: 'destructive' }),
          ]
        : [],
      summary: view.text.split('\n')[0] ?? 'Approval',
      refresh: { card: 'approval', approvalId: view.approvalId },
      trimmable: [{ block: text, note: trimNote(ctx.fmt) }],
    },
    ctx,
  );
  return activity;
}
