import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Ctx } from '../../../../core/context.js';
import { acknowledgeIncident } from '../../../../core/incident/acknowledge-incident.js';
import { changeStatus } from '../../../../core/incident/change-status.js';
import { loadIncident } from '../../../../core/incident/load-incident.js';
import { assignLead } from '../../../../core/roles/assign-lead.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { ACTION } from '../../ids.js';
import { statusModal } from '../../presenters/status-modal.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

const IncidentIdValue = z.coerce.number().int().positive();

type ButtonWork = (args: { ctx: Ctx; incidentId: number; body: BlockButtonAction; deps: AdapterDeps; client: WebClient }) => Promise<string | null>;

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
  [ACTION.resolve]: async ({ ctx, incidentId }) => {
    const incident = changeStatus({ ctx, input: { incidentId, status: 'resolved', via: 'button' } });
    return `${incident.ref} is resolved. The lead closes it with \`/incident close\`.`;
  },
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
        const text = await work({ ctx, incidentId, body, deps, client });
        deps.dispatcher.kick();
        if (text) await respond(ephemeral(text));
      } catch (error) {
        await respond(ephemeral(replyForError(error, requestId, deps.logger)));
      }
    });
  }
}
