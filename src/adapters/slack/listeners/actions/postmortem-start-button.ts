import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { loadPostmortemView } from '../../../../core/postmortem/describe-postmortem.js';
import { startPostmortem } from '../../../../core/postmortem/start-postmortem.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { ACTION } from '../../ids.js';
import { postmortemModalFor } from '../../presenters/postmortem-modals.js';
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
      const view = loadPostmortemView(deps.store, incidentId);
      if (!view) throw new Error(`postmortem of incident ${incidentId} vanished`);
      // trigger_id is valid for 3 seconds: the verb above is one local SQLite transaction, well inside that.
      await client.views.open({ trigger_id: body.trigger_id, view: postmortemModalFor(view, body.channel?.id ?? '', body.user.id) });
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });
}
