import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { startPostmortem } from '../../../../core/postmortem/start-postmortem.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { ACTION } from '../../ids.js';
import { openPostmortemModal } from '../../open-postmortem-modal.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

const IncidentIdValue = z.coerce.number().int().positive();

/** "Start postmortem" in the war room: starts it (or finds it) and opens the modal where it stands. */
export function registerPostmortemStartButton(app: App, deps: AdapterDeps): void {
  app.action<BlockButtonAction>(ACTION.startPostmortem, async ({ ack, body, action, respond, client }) => {
    await ack();
    const requestId = `${action.action_ts}:${body.user.id}`;
    try {
      const incidentId = IncidentIdValue.parse(action.value);
      const ctx = interactionCtx(deps, body, requestId);
      startPostmortem({ ctx, input: { incidentId, via: 'button' } });
      deps.dispatcher.kick();
      // trigger_id is valid for 3 seconds: the verb above is one local SQLite transaction, well inside that.
      await openPostmortemModal(client, deps.store, { triggerId: body.trigger_id, incidentId, channelId: body.channel?.id ?? '', userId: body.user.id });
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });
}
