import type { KnownBlock } from '@slack/types';
import type { ChatView } from '../../../core/chat-view.js';
import { approvalBlocks } from './approval-blocks.js';
import { headerBlocks } from './header-blocks.js';
import { postmortemPromptBlocks } from './postmortem-prompt-blocks.js';
import { stageBlocks } from './stage-blocks.js';
import { stormBlocks } from './storm-blocks.js';
import { resolvePromptBlocks, triageBlocks } from './triage-blocks.js';

/** A Slack message: the notification text and, unless it is plain text, its Block Kit blocks. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** Draws any chat view as a Slack message, through the presenter for its kind. */
export function slackMessage(view: ChatView): SlackMessage {
  switch (view.kind) {
    case 'header':
      return headerBlocks(view.incident, view.view);
    case 'stage':
      return stageBlocks(view.view);
    case 'approval':
      return approvalBlocks(view.view);
    case 'triage':
      return triageBlocks(view.view);
    case 'storm':
      return stormBlocks(view.view);
    case 'text':
      return { text: view.text };
    case 'resolve_prompt':
      return { text: view.text, blocks: resolvePromptBlocks(view.incidentId, view.text) };
    case 'postmortem_prompt':
      return { text: view.text, blocks: postmortemPromptBlocks(view.incidentId, view.text) };
  }
}
