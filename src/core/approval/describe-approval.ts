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
    `:raised_hand: *Approval #${approval.id}* — ${fmt.text(stepTitle)}`,
    `Action \`${fmt.text(approval.action)}\`${params ? ` (${fmt.text(params)})` : ''} requested by ${fmt.user(approval.requestedBy)} ${fmt.time(approval.requestedAt)}`,
  ];
  if (approval.status === 'pending') lines.push(`Needs the *${approval.approverRole}* — anyone but the requester.`);
  if (approval.decidedBy) lines.push(`${approval.status === 'rejected' ? ':no_entry: Rejected' : ':ballot_box_with_check: Approved'} by ${fmt.user(approval.decidedBy)}${approval.reason ? `: ${fmt.text(approval.reason)}` : ''}`);
  // Approved is not yet running: an incident's actions run one at a time, in approval order.
  if (approval.status === 'approved') lines.push(approval.claimedAt ? ':hourglass: Running…' : ':hourglass: Queued to run (an incident runs its actions one at a time, in approval order)…');
  if (approval.status === 'executed' || approval.status === 'failed') {
    lines.push(`${approval.status === 'executed' ? ':white_check_mark: Ran' : ':x: Failed'} via ${fmt.text(approval.executor ?? '?')}: ${fmt.text((approval.result ?? '').slice(0, 800))}`);
  }
  return { approvalId: approval.id, text: lines.join('\n'), open: approval.status === 'pending' };
}
