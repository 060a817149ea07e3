import type { ChatView } from '../../core/chat-view.js';
import type { Fmt } from '../../core/fmt.js';
import { sandboxPostmortemPrompt } from './postmortem-blocks.js';
import type { SandboxBlock } from './sandbox-blocks.js';
import { SANDBOX_ACTION } from './ids.js';
import { sandboxHeader, sandboxTriage } from './sandbox-header.js';
import { sandboxApproval, sandboxStage } from './sandbox-stage.js';
import { sandboxStorm } from './sandbox-storm.js';

/** A sandbox message: its text and, unless it is plain text, the blocks the web chat draws. */
export interface SandboxMessageBody {
  text: string;
  blocks?: SandboxBlock[];
}

/** Draws any chat view as a sandbox message, through the presenter for its kind. */
export function sandboxMessage(view: ChatView, fmt: Fmt): SandboxMessageBody {
  switch (view.kind) {
    case 'header':
      return sandboxHeader(view.incident, view.view, fmt);
    case 'stage':
      return sandboxStage(view.view);
    case 'approval':
      return sandboxApproval(view.view);
    case 'triage':
      return sandboxTriage(view.view);
    case 'storm':
      return sandboxStorm(view.view);
    case 'text':
      return { text: view.text };
    case 'resolve_prompt':
      return {
        text: view.text,
        blocks: [
          { type: 'text', text: view.text },
          {
            type: 'actions',
            buttons: [
              {
                actionId: SANDBOX_ACTION.resolve.id,
                label: 'Resolve',
                value: String(view.incidentId),
                style: 'primary',
              },
            ],
          },
        ],
      };
    case 'postmortem_prompt':
      return sandboxPostmortemPrompt(view.incidentId, view.text);
  }
}
