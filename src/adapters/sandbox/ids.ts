import type { HeaderButton } from '../../core/incident/describe-incident.js';
import { BUTTON_ACTION_IDS, buttonCodec } from '../button-codec.js';

/** The sandbox's action ids: the same strings as Slack's, so the same click means the same thing on both. */
export const SANDBOX_BUTTON = BUTTON_ACTION_IDS;

/** The header's buttons: id, label and look. */
export const SANDBOX_ACTION: Record<HeaderButton, { id: string; label: string; style?: 'primary' | 'danger' }> = {
  acknowledge: { id: SANDBOX_BUTTON.acknowledge, label: 'Acknowledge', style: 'primary' },
  take_lead: { id: SANDBOX_BUTTON.takeLead, label: "I'll lead" },
  update_status: { id: SANDBOX_BUTTON.updateStatus, label: 'Update status' },
  resolve: { id: SANDBOX_BUTTON.resolve, label: 'Resolve', style: 'danger' },
};

/** warroom's buttons as the sandbox carries them (action id + value). */
export const sandboxButtons = buttonCodec(SANDBOX_BUTTON);
