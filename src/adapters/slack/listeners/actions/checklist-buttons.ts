import type { App, BlockButtonAction } from '@slack/bolt';
import { loadRunStep } from '../../../../core/playbook/load-run-step.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { runStepClick } from '../../../run-step-click.js';
import { parseStepClick, STEP_ACTION } from '../../../step-action-ids.js';
import { requestStepAction } from '../../../../core/approval/request-action.js';
import { skipModal } from '../../presenters/reason-modals.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

/** Every checklist button (Done, Skip, Assign to me, N/A, decision answers, Request). Each click is a timeline entry. */
export function registerChecklistButtons(app: App, deps: AdapterDeps): void {
  app.action<BlockButtonAction>(STEP_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const requestId = `${action.action_ts}:${body.user.id}`;
    try {
      const click = parseStepClick(action.action_id, action.value);
      if (!click) return void (await respond(ephemeral('That button is out of date. Scroll to the latest checklist message.')));
      const ctx = interactionCtx(deps, body, requestId);
      const outcome = runStepClick(ctx, click);
      if (outcome.type === 'ask-skip-reason') {
        const rs = loadRunStep(deps.store, click.runId, click.stepId);
        await client.views.open({ trigger_id: body.trigger_id, view: skipModal(click.runId, click.stepId, rs.step.title, body.channel?.id ?? '') });
        return;
      }
      if (outcome.type === 'request-action') {
        const approval = requestStepAction({ ctx, input: { runId: click.runId, stepId: click.stepId } });
        deps.dispatcher.kick();
        await respond(ephemeral(`Requested. Someone other than you with the ${approval.approverRole} role must approve it.`));
        return;
      }
      deps.dispatcher.kick();
      await respond(ephemeral(outcome.text));
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });
}
