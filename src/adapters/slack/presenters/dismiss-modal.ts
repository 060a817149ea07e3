import type { ModalView } from '@slack/types';
import { BLOCK, VIEW } from '../ids.js';

/** Dismissing a triage alert asks why: the reason is recorded with who and when. */
export function dismissModal(alertId: number, channelId: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.dismissAlert,
    private_metadata: JSON.stringify({ alertId, channelId }),
    title: { type: 'plain_text', text: 'Dismiss alert' },
    submit: { type: 'plain_text', text: 'Dismiss' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.reason,
        label: { type: 'plain_text', text: 'Why is this not an incident?' },
        element: { type: 'plain_text_input', action_id: BLOCK.reason, max_length: 500, placeholder: { type: 'plain_text', text: 'Known flapping check, ticket OPS-123' } },
      },
    ],
  };
}
