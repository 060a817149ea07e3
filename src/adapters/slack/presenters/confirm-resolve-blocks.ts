import type { KnownBlock } from '@slack/types';
import { RESOLVE_ANYWAY_LABEL } from '../../../../commands/resolve.js';
import { ACTION } from '../ids.js';

/** "N steps are still open … Resolve anyway?" with the button that confirms (an ephemeral answer to the resolver). */
export function confirmResolveMessage(incidentId: number, text: string): { text: string; blocks: KnownBlock[] } {
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } },
      {
        type: 'actions',
        block_id: 'confirm_resolve',
        elements: [{ type: 'button', action_id: ACTION.resolveConfirmed, text: { type: 'plain_text', text: RESOLVE_ANYWAY_LABEL }, style: 'danger', value: String(incidentId) }],
      },
    ],
  };
}
