import { z } from 'zod';
import type { ChatView } from '../core/chat-view.js';

const Id = z.number().int().positive();

/**
 * A message warroom can draw again from the current state, named by the ids that find it: the cards the outbox edits
 * in place, and the all-alerts-resolved prompt (so a "Keep it open" can put it back). A surface echoes it back in a
 * button or refresh request, so it is parsed here like any other press.
 */
export const CardTarget = z.discriminatedUnion('card', [
  z.object({ card: z.literal('header'), incidentId: Id }),
  z.object({ card: z.literal('stage'), runId: Id, stageId: z.string().min(1).max(100) }),
  z.object({ card: z.literal('approval'), approvalId: Id }),
  z.object({ card: z.literal('triage'), alertId: Id }),
  z.object({ card: z.literal('storm'), incidentId: Id }),
  z.object({ card: z.literal('resolve_prompt'), incidentId: Id }),
]);
export type CardTarget = z.infer<typeof CardTarget>;

/** The target of a view the core asks a surface to post or edit; null for plain text and one-off prompts. */
export function cardTargetOf(view: ChatView): CardTarget | null {
  switch (view.kind) {
    case 'header':
      return { card: 'header', incidentId: view.incident.id };
    case 'stage':
      return { card: 'stage', runId: view.view.runId, stageId: view.view.stageId };
    case 'approval':
      return { card: 'approval', approvalId: view.view.approvalId };
    case 'triage':
      return { card: 'triage', alertId: view.view.alertId };
    case 'storm':
      return { card: 'storm', incidentId: view.view.incidentId };
    case 'resolve_prompt':
      return { card: 'resolve_prompt', incidentId: view.incidentId };
    case 'text':
    case 'postmortem_prompt':
      return null;
  }
}
