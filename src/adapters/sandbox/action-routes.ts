import { z } from 'zod';
import { declareFromTriage } from '../../core/alert/decide-triage.js';
import { approveAction, requestStepAction } from '../../core/approval/request-action.js';
import { acknowledgeIncident } from '../../core/incident/acknowledge-incident.js';
import { runResolve } from '../../../commands/resolve.js';
import { incidentForChannel } from '../../core/incident/find-incident.js';
import { loadIncident } from '../../core/incident/load-incident.js';
import { assignLead } from '../../core/roles/assign-lead.js';
import { HttpError } from '../../http/http-errors.js';
import { sendJson, type Route } from '../../http/router.js';
import { runStepClick } from '../run-step-click.js';
import { runStormSplit, STORM_SPLIT_WRONG_CHANNEL, stormSplitBelongsTo } from '../run-storm-split.js';
import { parseStormSplit, STORM_SPLIT_ACTION } from '../storm-action-ids.js';
import { parseStepClick, STEP_ACTION } from '../step-action-ids.js';
import { SANDBOX_POSTMORTEM_ACTION } from './postmortem-blocks.js';
import type { sandboxPostmortem } from './postmortem-routes.js';
import { dismissForm, rejectForm, skipForm, statusForm } from './sandbox-forms.js';
import { SANDBOX_ACTION, SANDBOX_ALERT_ACTION, SANDBOX_RESOLVE_CONFIRMED } from './sandbox-header.js';
import { parseBody, RequestId, SandboxUser, type SandboxKit, type SandboxOutcome } from './sandbox-request.js';
import { SANDBOX_APPROVAL_ACTION } from './sandbox-stage.js';

const PressButton = z.object({ requestId: RequestId, user: SandboxUser, channelId: z.string().min(1), actionId: z.string(), value: z.string() });
type PressButton = z.infer<typeof PressButton>;

/** Button presses: header, triage, checklist, approval and postmortem buttons, each checked against its channel. */
export function actionRoutes(kit: SandboxKit, postmortem: ReturnType<typeof sandboxPostmortem>): Route[] {
  const { deps } = kit;

  /** Declare incident / Dismiss on a triage alert, pressed in the channel its message is in. */
  async function triageAction(body: PressButton): Promise<SandboxOutcome> {
    const alertId = Number(body.value);
    const alert = Number.isInteger(alertId) ? deps.store.alerts.byId(alertId) : null;
    if (!alert || alert.triageChannelId !== body.channelId) throw new HttpError(422, 'That button does not belong to an alert in this channel.');
    if (!kit.claimed(body.requestId)) return { ok: true, duplicate: true };
    if (body.actionId === SANDBOX_ALERT_ACTION.dismiss) return { ok: true, form: dismissForm(alertId, body.channelId) };
    try {
      const incident = declareFromTriage({ ctx: kit.ctxFor(body.user, body.requestId), input: { alertId } });
      kit.say(body.channelId, body.user, `Declared *${incident.ref}* from this alert. You lead it.`);
      return await kit.afterDeclare(incident.id, body.channelId, body.user);
    } catch (error) {
      kit.fail(error, body.channelId, body.user, body.requestId);
      return { ok: true };
    }
  }

  /** Declare separately on a storm's rolled-up message, pressed in the storm's war room. */
  async function stormAction(body: PressButton): Promise<SandboxOutcome> {
    const ctx = kit.ctxFor(body.user, body.requestId);
    const click = parseStormSplit(body.actionId, body.value);
    if (!click) throw new HttpError(422, 'That button is out of date.');
    if (!stormSplitBelongsTo(ctx, click, body.channelId)) throw new HttpError(422, STORM_SPLIT_WRONG_CHANNEL);
    if (!kit.claimed(body.requestId)) return { ok: true, duplicate: true };
    try {
      const { result, text } = runStormSplit(ctx, click);
      kit.say(body.channelId, body.user, text);
      return await kit.afterDeclare(result.incident.id, body.channelId, body.user);
    } catch (error) {
      kit.fail(error, body.channelId, body.user, body.requestId);
      return { ok: true };
    }
  }

  /** Checklist and approval buttons: they act on the incident of the channel they are pressed in, and nothing else. */
  function checklistAction(body: PressButton): SandboxOutcome {
    const ctx = kit.ctxFor(body.user, body.requestId);
    const incident = incidentForChannel({ ctx, channelId: body.channelId });
    const isApproval = body.actionId === SANDBOX_APPROVAL_ACTION.approve || body.actionId === SANDBOX_APPROVAL_ACTION.reject;
    const approval = isApproval ? deps.store.approvals.byId(Number(body.value)) : null;
    const click = isApproval ? null : parseStepClick(body.actionId, body.value);
    const runIncident = click ? deps.store.playbooks.run(click.runId)?.incidentId : approval?.incidentId;
    if (!incident || runIncident !== incident.id) throw new HttpError(422, "That button does not belong to this channel's incident.");
    if (!kit.claimed(body.requestId)) return { ok: true, duplicate: true };
    try {
      if (approval) {
        if (body.actionId === SANDBOX_APPROVAL_ACTION.reject) return { ok: true, form: rejectForm(approval.id, body.channelId) };
        approveAction({ ctx, input: { approvalId: approval.id } });
        deps.dispatcher.kick();
        deps.actions.kick();
        kit.say(body.channelId, body.user, `Approved ${approval.action}; it runs now.`);
        return { ok: true };
      }
      if (!click) throw new HttpError(422, 'That button is out of date.');
      const outcome = runStepClick(ctx, click);
      if (outcome.type === 'ask-skip-reason') return { ok: true, form: skipForm(click.runId, click.stepId, body.channelId) };
      if (outcome.type === 'request-action') {
        const requested = requestStepAction({ ctx, input: { runId: click.runId, stepId: click.stepId } });
        kit.say(body.channelId, body.user, `Requested. Someone other than you with the ${requested.approverRole} role must approve it.`);
      } else {
        kit.say(body.channelId, body.user, outcome.text);
      }
      deps.dispatcher.kick();
    } catch (error) {
      if (error instanceof HttpError) throw error;
      kit.fail(error, body.channelId, body.user, body.requestId);
    }
    return { ok: true };
  }

  /** The war-room header's buttons: acknowledge, take the lead, update status, resolve (and its confirm button). */
  function headerAction(body: PressButton): SandboxOutcome {
    const incidentId = Number(body.value);
    const ctx = kit.ctxFor(body.user, body.requestId);
    // A button acts on the incident of the channel it was pressed in, and nothing else.
    if (!Number.isInteger(incidentId) || incidentForChannel({ ctx, channelId: body.channelId })?.id !== incidentId) {
      throw new HttpError(422, "That button does not belong to this channel's incident.");
    }
    if (!kit.claimed(body.requestId)) return { ok: true, duplicate: true };
    let outcome: SandboxOutcome = { ok: true };
    try {
      switch (body.actionId) {
        case SANDBOX_ACTION.acknowledge.id:
          kit.say(body.channelId, body.user, `You acknowledged ${acknowledgeIncident({ ctx, input: { incidentId, via: 'button' } }).ref}.`);
          break;
        case SANDBOX_ACTION.take_lead.id:
          kit.say(body.channelId, body.user, `You now lead ${assignLead({ ctx, input: { incidentId, userId: body.user, via: 'button' } }).ref}.`);
          break;
        case SANDBOX_ACTION.resolve.id:
        case SANDBOX_RESOLVE_CONFIRMED:
          kit.sayResolve(body.channelId, body.user, runResolve(ctx, kit.fmt, { incidentId, via: 'button', confirmed: body.actionId === SANDBOX_RESOLVE_CONFIRMED }));
          break;
        case SANDBOX_ACTION.update_status.id:
          outcome = { ok: true, form: statusForm(loadIncident(deps.store, incidentId), body.channelId) };
          break;
        default:
          throw new HttpError(422, `Unknown action ${body.actionId}.`);
      }
      deps.dispatcher.kick();
    } catch (error) {
      if (error instanceof HttpError) throw error;
      kit.fail(error, body.channelId, body.user, body.requestId);
    }
    return outcome;
  }

  return [
    {
      method: 'POST',
      path: '/sandbox/api/actions',
      handler: async (req, res) => {
        const body = await parseBody(req, PressButton);
        kit.requireChannel(body.channelId);
        kit.requireMember(body.channelId, body.user);
        const { actionId } = body;
        if (actionId === SANDBOX_ALERT_ACTION.declare || actionId === SANDBOX_ALERT_ACTION.dismiss) return sendJson(res, 200, await triageAction(body));
        if (STORM_SPLIT_ACTION.test(actionId)) return sendJson(res, 200, await stormAction(body));
        if (STEP_ACTION.test(actionId) || actionId === SANDBOX_APPROVAL_ACTION.approve || actionId === SANDBOX_APPROVAL_ACTION.reject) {
          return sendJson(res, 200, checklistAction(body));
        }
        if (actionId === SANDBOX_POSTMORTEM_ACTION.start) return sendJson(res, 200, postmortem.start(body));
        sendJson(res, 200, headerAction(body));
      },
    },
  ];
}
