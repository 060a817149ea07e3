import type { App } from '@slack/bolt';
import { FORM_IDS, formChannelId, submitForm, type InteractionResult } from '../../../../interactions/index.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { kickAfterInteraction } from '../../../kick-after-interaction.js';
import { FORM } from '../../ids.js';
import { formModal, modalErrors } from '../../presenters/form-modal.js';
import { privateAnswer } from '../../presenters/private-answer.js';
import { interactionCtx } from '../../slack-ctx.js';
import { slackFmt } from '../../slack-fmt.js';
import { slackFormContext, slackFormValues } from '../../slack-form-values.js';
import { replyForError } from '../../slack-replies.js';

/** What the submitter sees once the modal is answered: only answers that are not the modal itself. */
type AfterAck = Extract<InteractionResult, { type: 'private' | 'declared' | 'stale' }>;

/**
 * Every warroom modal: its values decoded into the shared layer's submission, run there, answered in the ack. A
 * refusal stays in the modal under its field (response_action "errors"); the next form replaces it ("update").
 */
export function registerFormSubmissions(app: App, deps: AdapterDeps): void {
  for (const formId of FORM_IDS) {
    app.view(FORM[formId], async ({ ack, body, view, client }) => {
      const requestId = `${view.id}:${body.user.id}`;
      const context = slackFormContext(view.private_metadata);
      let result: InteractionResult;
      try {
        result = submitForm(
          { formId, context, values: slackFormValues(view.state.values) },
          { ctx: interactionCtx(deps, body, requestId), fmt: slackFmt, channelId: null },
        );
      } catch (error) {
        // Ours, not theirs: said in the modal (with the request id) so the person can try again.
        const block = Object.keys(view.state.values)[0];
        const text = replyForError(error, requestId, deps.logger);
        await (block ? ack({ response_action: 'errors', errors: { [block]: text } }) : ack());
        return;
      }
      kickAfterInteraction(deps);
      if (result.type === 'form-errors')
        return void (await ack({ response_action: 'errors', errors: modalErrors(result.errors) }));
      if (result.type === 'open-form')
        return void (await ack({ response_action: 'update', view: formModal(result.form) }));
      await ack();
      if (result.type !== 'done')
        await tellSubmitter(result, {
          channelId: formChannelId(context),
          userId: body.user.id,
          client,
          deps,
          requestId,
        });
    });
  }
}

/** A modal has no response_url: the submitter is told privately in the channel the form was opened from. */
async function tellSubmitter(
  result: AfterAck,
  o: { channelId: string | null; userId: string; client: App['client']; deps: AdapterDeps; requestId: string },
): Promise<void> {
  if (!o.channelId) return;
  const message = privateAnswer(result.text, result.type === 'private' ? result.buttons : []);
  await o.client.chat
    .postEphemeral({
      channel: o.channelId,
      user: o.userId,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    })
    .catch((error: unknown) =>
      o.deps.logger.warn({ err: error, requestId: o.requestId }, 'could not answer a form submission privately'),
    );
}
