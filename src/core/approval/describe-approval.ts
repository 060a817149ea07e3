import type { Fmt } from '../fmt.js';
import type { Approval } from './approval.js';

export interface ApprovalView {
  approvalId: number;
  text: string;
  /** Approve / Reject while pending. */
  open: boolean;
}

export function describeApproval(approval: Approval, stepTitle: string, fmt: Fmt): ApprovalView {
  const params = Object.entries(JSON.parse(approval.params) as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const lines = [
    `${fmt.icon('raised_hand')} ${fmt.bold(`Approval #${approval.id}`)} — ${fmt.text(stepTitle)}`,
    `Action ${fmt.code(approval.action)}${params ? ` (${fmt.text(params)})` : ''} requested by ${fmt.user(approval.requestedBy)} ${fmt.time(approval.requestedAt)}`,
  ];
  if (approval.status === 'pending')
    lines.push(`Needs the ${fmt.bold(approval.approverRole)} — anyone but the requester.`);
  if (approval.decidedBy)
    lines.push(
      `${approval.status === 'rejected' ? `${fmt.icon('no_entry')} Rejected` : `${fmt.icon('ballot_box_with_check')} Approved`} by ${fmt.user(approval.decidedBy)}${approval.reason ? `: ${fmt.text(approval.reason)}` : ''}`,
    );
  // Approved is not yet running: an incident's actions run one at a time, in approval order.
  if (approval.status === 'approved')
    lines.push(
      approval.claimedAt
        ? `${fmt.icon('hourglass')} Running…`
        : `${fmt.icon('hourglass')} Queued to run (an incident runs its actions one at a time, in approval order)…`,
    );
  if (approval.status === 'executed' || approval.status === 'failed') {
    lines.push(
      `${approval.status === 'executed' ? `${fmt.icon('white_check_mark')} Ran` : `${fmt.icon('x')} Failed`} via ${fmt.text(approval.executor ?? '?')}: ${fmt.text((approval.result ?? '').slice(0, 800))}`,
    );
  }
  return { approvalId: approval.id, text: lines.join('\n'), open: approval.status === 'pending' };
}
