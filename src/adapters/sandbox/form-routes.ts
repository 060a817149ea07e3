import { z } from 'zod';
import { dismissAlert } from '../../core/alert/decide-triage.js';
import { rejectAction } from '../../core/approval/request-action.js';
import { isWarroomError } from '../../core/errors.js';
import { changeStatus, SETTABLE_STATUSES } from '../../core/incident/change-status.js';
import { declareIncident } from '../../core/incident/declare-incident.js';
import { SEVERITIES } from '../../core/incident/incident.js';
import { skipStep } from '../../core/playbook/act-on-step.js';
import { sendJson, type Route } from '../../http/router.js';
import { PostmortemFormSubmission } from './postmortem-forms.js';
import type { sandboxPostmortem } from './postmortem-routes.js';
import { parseBody, RequestId, SandboxUser, submitForm, type SandboxKit } from './sandbox-request.js';
import { runResolve } from '../../../commands/resolve.js';

const Submitted = { requestId: RequestId, user: SandboxUser };
const ChannelForm = z.discriminatedUnion('formId', [
  z.object({ formId: z.literal('declare'), ...Submitted, context: z.object({ originChannelId: z.string() }), values: z.object({ title: z.string(), severity: z.enum(SEVERITIES) }) }),
  z.object({
    formId: z.literal('update_status'),
    ...Submitted,
    context: z.object({ incidentId: z.coerce.number().int(), channelId: z.string() }),
    values: z.object({ status: z.enum(SETTABLE_STATUSES), note: z.string().max(2000).optional() }),
  }),
  z.object({ formId: z.literal('dismiss_alert'), ...Submitted, context: z.object({ alertId: z.coerce.number().int(), channelId: z.string() }), values: z.object({ reason: z.string() }) }),
  z.object({
    formId: z.literal('skip_step'),
    ...Submitted,
    context: z.object({ runId: z.coerce.number().int(), stepId: z.string(), channelId: z.string() }),
    values: z.object({ reason: z.string() }),
  }),
  z.object({ formId: z.literal('reject_action'), ...Submitted, context: z.object({ approvalId: z.coerce.number().int(), channelId: z.string() }), values: z.object({ reason: z.string() }) }),
]);

/** Submitted dialogs (declare, status, dismiss, skip, reject, postmortem): rejections go back under the field at fault. */
export function formRoutes(kit: SandboxKit, postmortem: ReturnType<typeof sandboxPostmortem>): Route[] {
  const { deps } = kit;
  return [
    {
      method: 'POST',
      path: '/sandbox/api/forms',
      handler: async (req, res) => {
        const body = await parseBody(req, z.union([ChannelForm, PostmortemFormSubmission]));
        kit.requireChannel(body.formId === 'declare' ? body.context.originChannelId : body.context.channelId);
        if (!kit.claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        const ctx = kit.ctxFor(body.user, body.requestId);
        const answer = (a: { status: number; json: unknown }) => sendJson(res, a.status, a.json);
        switch (body.formId) {
          case 'postmortem_why':
          case 'postmortem_details':
            return answer(postmortem.submit(body));
          case 'declare': {
            const channelId = body.context.originChannelId;
            try {
              const incident = declareIncident({ ctx, input: { title: body.values.title, severity: body.values.severity, originChannelId: channelId, via: 'form' } });
              kit.say(channelId, body.user, `Declared *${incident.ref}* (${incident.severity.toUpperCase()}): ${incident.title}. You lead it.`);
              return answer({ status: 200, json: await kit.afterDeclare(incident.id, channelId, body.user) });
            } catch (error) {
              if (isWarroomError(error)) return answer({ status: 422, json: { ok: false, error: error.message, field: 'title' } });
              throw error;
            }
          }
          case 'skip_step':
            return answer(submitForm('reason', () => skipStep({ ctx, input: { runId: body.context.runId, stepId: body.context.stepId, reason: body.values.reason, via: 'form' } }), deps));
          case 'reject_action':
            return answer(submitForm('reason', () => rejectAction({ ctx, input: { approvalId: body.context.approvalId, reason: body.values.reason } }), deps));
          case 'dismiss_alert':
            return answer(submitForm('reason', () => dismissAlert({ ctx, input: { alertId: body.context.alertId, reason: body.values.reason } }), deps));
          case 'update_status': {
            const { incidentId, channelId } = body.context;
            const note = body.values.note?.trim() || null;
            // Resolved goes through the shared resolve: with playbook work open the form closes and the question is asked.
            if (body.values.status === 'resolved') {
              return answer(submitForm('status', () => kit.sayResolve(channelId, body.user, runResolve(ctx, kit.fmt, { incidentId, via: 'form', note, confirmed: false })), deps));
            }
            return answer(submitForm('status', () => changeStatus({ ctx, input: { incidentId, status: body.values.status, note, via: 'form' } }), deps));
          }
        }
      },
    },
  ];
}
