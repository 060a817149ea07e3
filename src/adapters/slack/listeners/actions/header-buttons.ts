import type { App, BlockButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { runResolve } from '../../../../../commands/resolve.js';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Ctx } from '../../../../core/context.js';
import { acknowledgeIncident } from '../../../../core/incident/acknowledge-incident.js';
import { loadIncident } from '../../../../core/incident/load-incident.js';
import { assignLead } from '../../../../core/roles/assign-lead.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { ACTION } from '../../ids.js';
import { statusModal } from '../../presenters/status-modal.js';
import { confirmResolveMessage } from '../../presenters/confirm-resolve-blocks.js';
import { slackFmt } from '../../slack-fmt.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

const IncidentIdValue = z.coerce.number().int().positive();

/** What the clicker is told: text, a message with blocks (a question with its button), or nothing (a modal opened). */
type ButtonAnswer = string | { text: string; blocks: KnownBlock[] } | null;
type ButtonWork = (args: { ctx: Ctx; incidentId: number; body: BlockButtonAction; deps: AdapterDeps; client: WebClient }) => Promise<ButtonAnswer>;

/** Resolve through the shared layer: with playbook work open it asks first, and the confirm button resolves. */
function resolveAnswer(ctx: Ctx, incidentId: number, confirmed: boolean): ButtonAnswer {
  const result = runResolve(ctx, slackFmt, { incidentId, via: 'button', confirmed });
  return result.type === 'confirm-resolve' ? confirmResolveMessage(result.incidentId, result.text) : result.type === 'reply' ? result.text : null;
}

/** The header's buttons. A second click (double click, two people) is refused by the verb, so nothing happens twice. */
const BUTTONS: Record<string, ButtonWork> = {
  [ACTION.acknowledge]: async ({ ctx, incidentId }) => {
    const incident = acknowledgeIncident({ ctx, input: { incidentId, via: 'button' } });
    return `You acknowledged ${incident.ref}.`;
  },
  [ACTION.takeLead]: async ({ ctx, incidentId, body }) => {
    const incident = assignLead({ ctx, input: { incidentId, userId: body.user.id, via: 'button' } });
    return `You now lead ${incident.ref}.`;
  },
  [ACTION.resolve]: async ({ ctx, incidentId }) => resolveAnswer(ctx, incidentId, false),
  [ACTION.resolveConfirmed]: async ({ ctx, incidentId }) => resolveAnswer(ctx, incidentId, true),
  [ACTION.updateStatus]: async ({ incidentId, body, deps, client }) => {
    const incident = loadIncident(deps.store, incidentId);
    await client.views.open({ trigger_id: body.trigger_id, view: statusModal(incident, body.channel?.id ?? incident.channelId ?? '') });
    return null;
  },
};

export function registerHeaderButtons(app: App, deps: AdapterDeps): void {
  for (const [actionId, work] of Object.entries(BUTTONS)) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond, client }) => {
      await ack();
      const requestId = `${action.action_ts}:${body.user.id}`;
      try {
        const incidentId = IncidentIdValue.parse(action.value);
        const ctx = interactionCtx(deps, body, requestId);
        const answer = await work({ ctx, incidentId, body, deps, client });
        deps.dispatcher.kick();
        if (typeof answer === 'string') await respond(ephemeral(answer));
        else if (answer) await respond({ ...ephemeral(answer.text), blocks: answer.blocks });
      } catch (error) {
        await respond(ephemeral(replyForError(error, requestId, deps.logger)));
      }
    });
  }
}
