import { SANDBOX_BUTTON } from './ids.js';
import type { SandboxBlock } from './sandbox-blocks.js';

export function sandboxPostmortemPrompt(incidentId: number, text: string): { text: string; blocks: SandboxBlock[] } {
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        buttons: [
          {
            actionId: SANDBOX_BUTTON.startPostmortem,
            label: 'Start postmortem',
            value: String(incidentId),
            style: 'primary',
          },
        ],
      },
    ],
  };
}

/**
 * The sandbox has no file store: the "file" is a message with its name and its Markdown source, drawn as text.
 * (The same document is stored with the postmortem and written by `warroom postmortem export`.)
 */
export function sandboxPostmortemFile(file: { filename: string; title: string; content: string; comment: string }): {
  text: string;
  blocks: SandboxBlock[];
} {
  return {
    text: file.comment,
    blocks: [
      { type: 'text', text: file.comment },
      { type: 'context', text: `📄 ${file.filename} — ${file.title}` },
      { type: 'text', text: file.content },
    ],
  };
}
