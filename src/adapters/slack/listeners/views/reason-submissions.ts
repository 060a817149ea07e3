import type { App } from '@slack/bolt';
import { z } from 'zod';
import { rejectAction } from '../../../../core/approval/request-action.js';
import { skipStep } from '../../../../core/playbook/act-on-step.js';
import type { Ctx } from '../../../../core/context.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { BLOCK, VIEW } from '../../ids.js';
import { replyForError } from '../../slack-replies.js';

const MIN_REASON = 3;

/** Modals that only ask "why" (skip a step, reject an action): the reason is required and recorded. */
function registerReasonModal<M>(app: App, deps: AdapterDeps, callbackId: string, meta: z.ZodType<M & { channelId: string }>, act: (ctx: Ctx, meta: M, reason: string) => void): void {
  app.view(callbackId, async ({ ack, body, view, client }) => {
    const parsed = meta.safeParse(JSON.parse(view.private_metadata || '{}'));
    const reason = (view.state.values[BLOCK.reason]?.[BLOCK.reason]?.value ?? '').trim();
    if (!parsed.success || reason.length < MIN_REASON) {
      await ack({ response_action: 'errors', errors: { [BLOCK.reason]: parsed.success ? 'Say why in a few words: it goes into the timeline.' : 'This dialog is out of date; press the button again.' } });
      return;
    }
    await ack();
    const requestId = `${view.id}:${body.user.id}`;
    try {
      act(interactionCtx(deps, body, requestId), parsed.data, reason);
      deps.dispatcher.kick();
    } catch (error) {
      await client.chat
        .postEphemeral({ channel: parsed.data.channelId, user: body.user.id, text: replyForError(error, requestId, deps.logger) })
        .catch((e: unknown) => deps.logger.warn({ err: e, requestId }, 'could not report a failed submission'));
    }
  });
}

export function registerReasonSubmissions(app: App, deps: AdapterDeps): void {
  registerReasonModal(app, deps, VIEW.skipStep, z.object({ runId: z.number().int(), stepId: z.string(), channelId: z.string() }), (ctx, m, reason) =>
    skipStep({ ctx, input: { runId: m.runId, stepId: m.stepId, reason, via: 'form' } }),
  );
  registerReasonModal(app, deps, VIEW.rejectAction, z.object({ approvalId: z.number().int(), channelId: z.string() }), (ctx, m, reason) =>
    rejectAction({ ctx, input: { approvalId: m.approvalId, reason } }),
  );
}
