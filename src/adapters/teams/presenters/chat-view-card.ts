import type { ChatView } from '../../../core/chat-view.js';
import type { CardActivity } from './adaptive-card.js';
import { approvalCard } from './approval-card.js';
import type { CardContext } from './build-card-activity.js';
import { headerCard } from './header-card.js';
import { postmortemPromptCard, resolvePromptCard, textCard } from './prompt-cards.js';
import { stageCard } from './stage-card.js';
import { stormCard } from './storm-card.js';
import { triageCard } from './triage-card.js';

/** The card for any message the core asks the Teams port to post or redraw. */
export function chatViewCard(view: ChatView, ctx: CardContext): CardActivity {
  switch (view.kind) {
    case 'header':
      return headerCard(view.incident, view.view, ctx);
    case 'stage':
      return stageCard(view.view, ctx);
    case 'approval':
      return approvalCard(view.view, ctx);
    case 'triage':
      return triageCard(view.view, ctx);
    case 'storm':
      return stormCard(view.view, ctx);
    case 'text':
      return textCard(view.text, ctx);
    case 'resolve_prompt':
      return resolvePromptCard(view.incidentId, view.text, ctx);
    case 'postmortem_prompt':
      return postmortemPromptCard(view.incidentId, view.text, ctx);
  }
}
