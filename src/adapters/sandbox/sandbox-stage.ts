import type { StageView } from '../../core/playbook/describe-stage.js';
import type { ApprovalView } from '../../core/approval/describe-approval.js';
import { stepActionId, type StepButtonValue } from '../step-action-ids.js';
import { SANDBOX_BUTTON } from './ids.js';
import type { SandboxBlock } from './sandbox-blocks.js';

/** The same checklist as Slack's, drawn with sandbox blocks; the same action ids mean the same clicks. */
export function sandboxStage(view: StageView): { text: string; blocks: SandboxBlock[] } {
  const blocks: SandboxBlock[] = [
    { type: 'header', text: view.heading },
    { type: 'context', text: view.progress },
  ];
  for (const step of view.steps) {
    blocks.push({ type: 'text', text: step.instructions ? `${step.line}\n${step.instructions}` : step.line });
    if (step.buttons.length > 0) {
      blocks.push({
        type: 'actions',
        buttons: step.buttons.map((b, i) => {
          const value: StepButtonValue = {
            r: view.runId,
            s: step.stepId,
            ...(b.kind === 'answer' ? { a: b.answer } : {}),
          };
          return {
            actionId: stepActionId(b, step.stepId, i),
            label: b.label,
            value: JSON.stringify(value),
            ...(b.kind === 'done' || b.kind === 'request' ? { style: 'primary' as const } : {}),
          };
        }),
      });
    }
  }
  return { text: `${view.heading} — ${view.progress}`, blocks };
}

export function sandboxApproval(view: ApprovalView): { text: string; blocks: SandboxBlock[] } {
  const blocks: SandboxBlock[] = [{ type: 'text', text: view.text }];
  if (view.open) {
    blocks.push({
      type: 'actions',
      buttons: [
        { actionId: SANDBOX_BUTTON.approveAction, label: 'Approve', value: String(view.approvalId), style: 'primary' },
        { actionId: SANDBOX_BUTTON.rejectAction, label: 'Reject', value: String(view.approvalId), style: 'danger' },
      ],
    });
  }
  return { text: view.text.split('\n')[0] ?? 'Approval', blocks };
}
