import type { ModalView } from '@slack/types';
import { SETTABLE_STATUSES } from '../../../core/incident/change-status.js';
import type { Incident } from '../../../core/incident/incident.js';
import { BLOCK, VIEW } from '../ids.js';

/** Opened by the header's "Update status" button. */
export function statusModal(incident: Incident, channelId: string): ModalView {
  const options = SETTABLE_STATUSES.filter((s) => s !== incident.status).map((s) => ({ text: { type: 'plain_text' as const, text: s }, value: s }));
  return {
    type: 'modal',
    callback_id: VIEW.updateStatus,
    private_metadata: JSON.stringify({ incidentId: incident.id, channelId }),
    title: { type: 'plain_text', text: `Update ${incident.ref}` },
    submit: { type: 'plain_text', text: 'Update' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.status,
        label: { type: 'plain_text', text: `Status (now ${incident.status})` },
        element: { type: 'static_select', action_id: BLOCK.status, options },
      },
      {
        type: 'input',
        block_id: BLOCK.note,
        optional: true,
        label: { type: 'plain_text', text: 'What changed?' },
        element: { type: 'plain_text_input', action_id: BLOCK.note, multiline: true, max_length: 2000 },
      },
    ],
  };
}
