import type { ModalView } from '@slack/types';
import { MAX_TITLE_LENGTH } from '../../../core/incident/declare-incident.js';
import { SEVERITIES, type Severity } from '../../../core/incident/incident.js';
import { BLOCK, VIEW } from '../ids.js';

export function severityOptions() {
  return SEVERITIES.map((s) => ({ text: { type: 'plain_text' as const, text: s.toUpperCase() }, value: s }));
}

/** Opened by `/incident declare` with no title. The origin channel rides along in private_metadata. */
export function declareModal(originChannelId: string, severity: Severity | null): ModalView {
  const initial = severityOptions().find((o) => o.value === (severity ?? 'sev3'));
  return {
    type: 'modal',
    callback_id: VIEW.declare,
    private_metadata: JSON.stringify({ originChannelId }),
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.title,
        label: { type: 'plain_text', text: 'What is happening?' },
        element: { type: 'plain_text_input', action_id: BLOCK.title, max_length: MAX_TITLE_LENGTH, placeholder: { type: 'plain_text', text: 'Checkout API returns 500s' } },
      },
      {
        type: 'input',
        block_id: BLOCK.severity,
        label: { type: 'plain_text', text: 'Severity' },
        element: { type: 'static_select', action_id: BLOCK.severity, options: severityOptions(), ...(initial ? { initial_option: initial } : {}) },
      },
    ],
  };
}
