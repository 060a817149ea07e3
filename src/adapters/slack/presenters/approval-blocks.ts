import type { KnownBlock } from '@slack/types';
import type { ApprovalView } from '../../../core/approval/describe-approval.js';
import { ACTION } from '../ids.js';

export function approvalBlocks(view: ApprovalView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: view.text.slice(0, 3000) } }];
  if (view.open) {
    blocks.push({
      type: 'actions',
      block_id: `approval_${view.approvalId}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.approveAction,
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value: String(view.approvalId),
        },
        {
          type: 'button',
          action_id: ACTION.rejectAction,
          text: { type: 'plain_text', text: 'Reject' },
          style: 'danger',
          value: String(view.approvalId),
        },
      ],
    });
  }
  return { text: view.text.split('\n')[0] ?? 'Approval', blocks };
}
