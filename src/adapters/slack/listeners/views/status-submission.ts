import type { App } from '@slack/bolt';
import { z } from 'zod';
import { changeStatus, SETTABLE_STATUSES } from '../../../../core/incident/change-status.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { BLOCK, VIEW } from '../../ids.js';
import { replyForError } from '../../slack-replies.js';
import { runResolve } from '../../../../../commands/resolve.js';
import { confirmResolveMessage } from '../../presenters/confirm-resolve-blocks.js';
import { slackFmt } from '../../slack-fmt.js';

const Metadata = z.object({ incidentId: z.number().int(), channelId: z.string() });
const Status = z.enum(SETTABLE_STATUSES);

/** The "Update status" modal from the header. */
export function registerStatusSubmission(app: App, deps: AdapterDeps): void {
  app.view(VIEW.updateStatus, async ({ ack, body, view, client }) => {
    const values = view.state.values;
    const status = Status.safeParse(values[BLOCK.status]?.[BLOCK.status]?.selected_option?.value);
    const meta = Metadata.safeParse(JSON.parse(view.private_metadata || '{}'));
    if (!status.success || !meta.success) {
      await ack({ response_action: 'errors', errors: { [BLOCK.status]: `Pick one of: ${SETTABLE_STATUSES.join(', ')}.` } });
      return;
    }
    await ack();
    const requestId = `${view.id}:${body.user.id}`;
    const ctx = interactionCtx(deps, body, requestId);
    try {
      const note = values[BLOCK.note]?.[BLOCK.note]?.value ?? null;
      if (status.data === 'resolved') {
        // The shared resolve: with playbook work open, the person is asked (privately, with the confirm button).
        const result = runResolve(ctx, slackFmt, { incidentId: meta.data.incidentId, via: 'form', note, confirmed: false });
        deps.dispatcher.kick();
        if (result.type === 'confirm-resolve') {
          const question = confirmResolveMessage(result.incidentId, result.text);
          await client.chat.postEphemeral({ channel: meta.data.channelId, user: body.user.id, text: question.text, blocks: question.blocks });
        }
        return;
      }
      changeStatus({ ctx, input: { incidentId: meta.data.incidentId, status: status.data, note, via: 'form' } });
      deps.dispatcher.kick();
    } catch (error) {
      // The change is visible in the header and the channel when it works; only failures need a private word.
      await client.chat
        .postEphemeral({ channel: meta.data.channelId, user: body.user.id, text: replyForError(error, requestId, deps.logger) })
        .catch((e: unknown) => deps.logger.warn({ err: e, requestId }, 'could not report a failed status update'));
    }
  });
}
