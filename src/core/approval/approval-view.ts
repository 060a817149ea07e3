import type { ChatView } from '../chat-view.js';
import type { Fmt } from '../fmt.js';
import type { Playbook } from '../playbook/playbook-schema.js';
import { allSteps } from '../playbook/step-availability.js';
import type { Store } from '../store-port.js';
import type { Approval } from './approval.js';
import { describeApproval } from './describe-approval.js';

export type ApprovalChatView = Extract<ChatView, { kind: 'approval' }>;

/** An approval request as it stands now, named by its step's title: what the outbox posts and a refresh draws. */
export function approvalView(store: Store, approval: Approval, fmt: Fmt): ApprovalChatView {
  const run = store.playbooks.run(approval.runId);
  const step = run ? allSteps(JSON.parse(run.definition) as Playbook).find((s) => s.id === approval.stepId) : undefined;
  return { kind: 'approval', view: describeApproval(approval, step?.title ?? approval.stepId, fmt) };
}
