import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { approveAction } from '../../../../core/approval/request-action.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { ACTION } from '../../ids.js';
import { rejectModal } from '../../presenters/reason-modals.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

const ApprovalId = z.coerce.number().int().positive();

/** Approve runs the action (after the four-eyes check); Reject asks why. */
export function registerApprovalButtons(app: App, deps: AdapterDeps): void {
  app.action<BlockButtonAction>(ACTION.approveAction, async ({ ack, body, action, respond }) => {
    await ack();
    const requestId = `${action.action_ts}:${body.user.id}`;
    try {
      const approval = approveAction({ ctx: interactionCtx(deps, body, requestId), input: { approvalId: ApprovalId.parse(action.value) } });
      deps.dispatcher.kick();
      deps.actions.kick();
      await respond(ephemeral(`Approved ${approval.action}; it runs now.`));
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });
  app.action<BlockButtonAction>(ACTION.rejectAction, async ({ ack, body, action, respond, client }) => {
    await ack();
    const requestId = `${action.action_ts}:${body.user.id}`;
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: rejectModal(ApprovalId.parse(action.value), body.channel?.id ?? '') });
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });
}
