import type { App, BlockButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { pressButton, type InteractionResult } from '../../../../interactions/index.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { kickAfterInteraction } from '../../../kick-after-interaction.js';
import { slackButtons } from '../../ids.js';
import { formModal } from '../../presenters/form-modal.js';
import { privateAnswer } from '../../presenters/private-answer.js';
import { interactionCtx } from '../../slack-ctx.js';
import { slackFmt } from '../../slack-fmt.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

/** What the clicker sees: an ephemeral answer, or the form the button opens (trigger_id lives 3 s: only local work ran). */
async function answer(
  result: InteractionResult,
  o: { respond: RespondFn; client: WebClient; triggerId: string },
): Promise<void> {
  switch (result.type) {
    case 'private': {
      const message = privateAnswer(result.text, result.buttons);
      return void (await o.respond(ephemeral(message.text, message.blocks)));
    }
    case 'declared':
    case 'stale':
      return void (await o.respond(ephemeral(result.text)));
    case 'open-form':
      return void (await o.client.views.open({ trigger_id: o.triggerId, view: formModal(result.form) }));
    case 'done':
    case 'form-errors':
      return;
  }
}

/**
 * Every warroom button (header, triage, checklist, approval, storm, postmortem): decoded into the shared layer's
 * press, run there, answered here. A second click (double click, two people) is refused by the verb. The click was
 * acknowledged before this runs (ack-first.ts).
 */
export function registerInteractionButtons(app: App, deps: AdapterDeps): void {
  for (const actionId of slackButtons.actionIds) {
    app.action<BlockButtonAction>(actionId, async ({ body, action, respond, client }) => {
      const requestId = `${action.action_ts}:${body.user.id}`;
      try {
        const decoded = slackButtons.decode(action.action_id, action.value);
        if ('refused' in decoded) return void (await respond(ephemeral(decoded.refused)));
        const result = pressButton(decoded.press, {
          ctx: interactionCtx(deps, body, requestId),
          fmt: slackFmt,
          channelId: body.channel?.id ?? null,
        });
        kickAfterInteraction(deps);
        await answer(result, { respond, client, triggerId: body.trigger_id });
      } catch (error) {
        await respond(ephemeral(replyForError(error, requestId, deps.logger)));
      }
    });
  }
}
