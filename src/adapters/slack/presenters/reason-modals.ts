import type { ModalView } from '@slack/types';
import { BLOCK, VIEW } from '../ids.js';

/** Skipping a step asks why; the reason goes into the timeline. */
export function skipModal(runId: number, stepId: string, title: string, channelId: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.skipStep,
    private_metadata: JSON.stringify({ runId, stepId, channelId }),
    title: { type: 'plain_text', text: 'Skip step' },
    submit: { type: 'plain_text', text: 'Skip' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'plain_text', text: title.slice(0, 2900) } },
      {
        type: 'input',
        block_id: BLOCK.reason,
        label: { type: 'plain_text', text: 'Why skip it?' },
        element: { type: 'plain_text_input', action_id: BLOCK.reason, max_length: 500 },
      },
    ],
  };
}

/** Rejecting an approval asks why; the reason is recorded with who and when. */
export function rejectModal(approvalId: number, channelId: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.rejectAction,
    private_metadata: JSON.stringify({ approvalId, channelId }),
    title: { type: 'plain_text', text: 'Reject action' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.reason,
        label: { type: 'plain_text', text: 'Why not?' },
        element: { type: 'plain_text_input', action_id: BLOCK.reason, max_length: 500 },
      },
    ],
  };
}
