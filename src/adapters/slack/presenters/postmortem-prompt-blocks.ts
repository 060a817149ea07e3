import type { KnownBlock } from '@slack/types';
import { ACTION } from '../ids.js';

/** The message on resolve: why a postmortem, and the button that opens it. */
export function postmortemPromptBlocks(incidentId: number, text: string): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      block_id: 'postmortem_prompt',
      elements: [
        {
          type: 'button',
          action_id: ACTION.startPostmortem,
          text: { type: 'plain_text', text: 'Start postmortem' },
          style: 'primary',
          value: String(incidentId),
        },
      ],
    },
  ];
}
