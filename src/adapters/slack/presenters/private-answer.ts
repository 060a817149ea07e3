import type { KnownBlock } from '@slack/types';
import type { ButtonView } from '../../../interactions/index.js';
import { slackButtons } from '../ids.js';

function slackButton(press: ButtonView['press']) {
  const { actionId, value } = slackButtons.encode(press);
  return { action_id: actionId, value };
}

/** An answer only its reader sees: text, and its buttons under it (the "Resolve anyway" under the open-work question). */
export function privateAnswer(text: string, buttons: ButtonView[] = []): { text: string; blocks?: KnownBlock[] } {
  if (buttons.length === 0) return { text };
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } },
      {
        type: 'actions',
        block_id: 'answer_buttons',
        elements: buttons.map((b) => ({
          type: 'button' as const,
          ...slackButton(b.press),
          text: { type: 'plain_text' as const, text: b.label.slice(0, 75) },
          ...(b.style ? { style: b.style } : {}),
        })),
      },
    ],
  };
}
