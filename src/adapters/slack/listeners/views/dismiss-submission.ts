import type { App } from '@slack/bolt';
import { z } from 'zod';
import { dismissAlert, DismissAlertInput } from '../../../../core/alert/decide-triage.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { BLOCK, VIEW } from '../../ids.js';
import { replyForError } from '../../slack-replies.js';

const Metadata = z.object({ alertId: z.number().int(), channelId: z.string() });

/** The dismiss modal: a reason is required; the triage message then shows who dismissed it and why. */
export function registerDismissSubmission(app: App, deps: AdapterDeps): void {
  app.view(VIEW.dismissAlert, async ({ ack, body, view, client }) => {
    const meta = Metadata.safeParse(JSON.parse(view.private_metadata || '{}'));
    const reason = view.state.values[BLOCK.reason]?.[BLOCK.reason]?.value ?? '';
    const checked = DismissAlertInput.safeParse({ alertId: meta.data?.alertId ?? 0, reason });
    if (!meta.success || !checked.success) {
      await ack({ response_action: 'errors', errors: { [BLOCK.reason]: checked.error?.issues.map((i) => i.message).join(' ') ?? 'This dialog is out of date; press Dismiss again.' } });
      return;
    }
    await ack();
    const requestId = `${view.id}:${body.user.id}`;
    try {
      dismissAlert({ ctx: interactionCtx(deps, body, requestId), input: checked.data });
      deps.dispatcher.kick();
    } catch (error) {
      await client.chat
        .postEphemeral({ channel: meta.data.channelId, user: body.user.id, text: replyForError(error, requestId, deps.logger) })
        .catch((e: unknown) => deps.logger.warn({ err: e, requestId }, 'could not report a failed dismissal'));
    }
  });
}
