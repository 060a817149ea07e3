import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { declareFromTriage } from '../../../../core/alert/decide-triage.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { ACTION } from '../../ids.js';
import { dismissModal } from '../../presenters/reason-modals.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

const AlertIdValue = z.coerce.number().int().positive();

/** "Declare incident" and "Dismiss" on a triage alert. */
export function registerTriageButtons(app: App, deps: AdapterDeps): void {
  app.action<BlockButtonAction>(ACTION.declareAlert, async ({ ack, body, action, respond }) => {
    await ack();
    const requestId = `${action.action_ts}:${body.user.id}`;
    try {
      const ctx = interactionCtx(deps, body, requestId);
      const incident = declareFromTriage({ ctx, input: { alertId: AlertIdValue.parse(action.value) } });
      deps.dispatcher.kick();
      await respond(ephemeral(`Declared *${incident.ref}* from this alert. You lead it; the war room #${incident.plannedChannelName} is opening.`));
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });

  app.action<BlockButtonAction>(ACTION.dismissAlert, async ({ ack, body, action, respond, client }) => {
    await ack();
    const requestId = `${action.action_ts}:${body.user.id}`;
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: dismissModal(AlertIdValue.parse(action.value), body.channel?.id ?? '') });
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });
}
