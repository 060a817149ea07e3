import type { Ctx } from '../../core/context.js';
import { coreCtx, type AdapterDeps } from '../adapter-deps.js';

/** The core context for a Slack interaction (button, modal submission): the person who clicked, in their workspace. */
export function interactionCtx(
  deps: AdapterDeps,
  body: { user: { id: string }; team?: { id: string } | null },
  requestId: string,
): Ctx {
  return coreCtx(deps, { type: 'slack', userId: body.user.id, teamId: body.team?.id }, requestId);
}
