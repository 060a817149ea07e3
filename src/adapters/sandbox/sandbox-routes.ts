import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { runIncidentCommand } from '../../../commands/index.js';
import { claimRequest } from '../../core/claim-request.js';
import { declareFromTriage, dismissAlert } from '../../core/alert/decide-triage.js';
import { isWarroomError } from '../../core/errors.js';
import { acknowledgeIncident } from '../../core/incident/acknowledge-incident.js';
import { changeStatus, SETTABLE_STATUSES } from '../../core/incident/change-status.js';
import { declareIncident, warRoomOpenKey } from '../../core/incident/declare-incident.js';
import { incidentForChannel } from '../../core/incident/find-incident.js';
import { SEVERITIES } from '../../core/incident/incident.js';
import { loadIncident } from '../../core/incident/load-incident.js';
import { welcomeResponder } from '../../core/incident/welcome-responder.js';
import { assignLead } from '../../core/roles/assign-lead.js';
import { pinMessage } from '../../core/timeline/pin-message.js';
import { HttpError } from '../../http/http-errors.js';
import { readJsonBody } from '../../http/read-json-body.js';
import { sendJson, type Route } from '../../http/router.js';
import { coreCtx, type AdapterDeps } from '../adapter-deps.js';
import { BOT_AUTHOR, DEMO_USER_IDS, DEMO_USERS } from './demo-users.js';
import type { SandboxForm } from './sandbox-blocks.js';
import type { SandboxChat } from './sandbox-chat.js';
import { parseSandboxUser, sandboxFmt } from './sandbox-fmt.js';
import { declareForm, dismissForm, rejectForm, skipForm, statusForm } from './sandbox-forms.js';
import { SANDBOX_APPROVAL_ACTION } from './sandbox-stage.js';
import { parseStepClick, STEP_ACTION } from '../step-action-ids.js';
import { runStepClick } from '../run-step-click.js';
import { approveAction, rejectAction, requestStepAction } from '../../core/approval/request-action.js';
import { skipStep } from '../../core/playbook/act-on-step.js';
import { guardLoopbackRequest } from './loopback-guard.js';
import { SANDBOX_ACTION, SANDBOX_ALERT_ACTION } from './sandbox-header.js';
import { SANDBOX_POSTMORTEM_ACTION } from './postmortem-blocks.js';
import { PostmortemFormSubmission } from './postmortem-forms.js';
import { sandboxPostmortem } from './postmortem-routes.js';

const WAR_ROOM_WAIT_MS = 2_500;
const User = z.enum(DEMO_USER_IDS);
/** Every POST carries a client-made id; a resent request (double submit, flaky network) is then a no-op. */
const RequestId = z.string().min(8).max(100);

const PostMessage = z.object({ requestId: RequestId, user: User, channelId: z.string().min(1), text: z.string().trim().min(1).max(40_000) });
const PressButton = z.object({ requestId: RequestId, user: User, channelId: z.string().min(1), actionId: z.string(), value: z.string() });
const SubmitForm = z.discriminatedUnion('formId', [
  z.object({
    formId: z.literal('declare'),
    requestId: RequestId,
    user: User,
    context: z.object({ originChannelId: z.string() }),
    values: z.object({ title: z.string(), severity: z.enum(SEVERITIES) }),
  }),
  z.object({
    formId: z.literal('update_status'),
    requestId: RequestId,
    user: User,
    context: z.object({ incidentId: z.coerce.number().int(), channelId: z.string() }),
    values: z.object({ status: z.enum(SETTABLE_STATUSES), note: z.string().max(2000).optional() }),
  }),
]);
const DismissForm = z.object({
  formId: z.literal('dismiss_alert'),
  requestId: RequestId,
  user: User,
  context: z.object({ alertId: z.coerce.number().int(), channelId: z.string() }),
  values: z.object({ reason: z.string() }),
});
const ReasonForm = z.discriminatedUnion('formId', [
  z.object({
    formId: z.literal('skip_step'),
    requestId: RequestId,
    user: User,
    context: z.object({ runId: z.coerce.number().int(), stepId: z.string(), channelId: z.string() }),
    values: z.object({ reason: z.string() }),
  }),
  z.object({
    formId: z.literal('reject_action'),
    requestId: RequestId,
    user: User,
    context: z.object({ approvalId: z.coerce.number().int(), channelId: z.string() }),
    values: z.object({ reason: z.string() }),
  }),
]);
const React = z.object({ requestId: RequestId, user: User, messageId: z.coerce.number().int(), reaction: z.literal('pushpin') });
const Join = z.object({ requestId: RequestId, user: User });

/** What a POST answers: a reply only the user sees is already in the channel; a form or a channel to open rides here. */
interface SandboxOutcome {
  ok: true;
  duplicate?: boolean;
  form?: SandboxForm;
  openChannelId?: string;
}

async function parseBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJsonBody(req));
  if (!parsed.success) {
    throw new HttpError(422, `Invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

const asset = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');

/** The sandbox's web chat and its JSON API. Same commands and verbs as Slack; only the transport differs. */
export function sandboxRoutes(chat: SandboxChat, deps: AdapterDeps): Route[] {
  return unguardedRoutes(chat, deps).map((route) => ({
    ...route,
    handler: (req, res, params) => {
      guardLoopbackRequest(req);
      return route.handler(req, res, params);
    },
  }));
}

function unguardedRoutes(chat: SandboxChat, deps: AdapterDeps): Route[] {
  const ctxFor = (user: string, requestId: string) => coreCtx(deps, { type: 'sandbox', userId: user }, requestId);
  const say = (channelId: string, user: string, text: string) => chat.post(channelId, { author: BOT_AUTHOR, text, ephemeralTo: user });
  const claimed = (requestId: string) => claimRequest(deps.store, `sandbox:${requestId}`, deps.now());
  const requireChannel = (channelId: string) => {
    if (!chat.channel(channelId)) throw new HttpError(404, `No channel ${channelId}.`);
  };
  const requireMember = (channelId: string, user: string) => {
    if (!chat.isMember(channelId, user)) throw new HttpError(403, 'Join the channel before posting in it.');
  };
  const postmortem = sandboxPostmortem({ deps, ctxFor, say, claimed });
  const fail = (error: unknown, channelId: string, user: string, requestId: string) => {
    if (!isWarroomError(error)) deps.logger.error({ err: error, requestId }, 'sandbox request failed');
    say(channelId, user, isWarroomError(error) ? error.message : `Something went wrong on our side (request ${requestId}); nothing was changed.`);
  };

  /** Declare incident / Dismiss on a triage alert, pressed in the channel its message is in. */
  async function triageAction(body: z.infer<typeof PressButton>): Promise<SandboxOutcome> {
    const alertId = Number(body.value);
    const alert = Number.isInteger(alertId) ? deps.store.alerts.byId(alertId) : null;
    if (!alert || alert.triageChannelId !== body.channelId) throw new HttpError(422, 'That button does not belong to an alert in this channel.');
    if (!claimed(body.requestId)) return { ok: true, duplicate: true };
    if (body.actionId === SANDBOX_ALERT_ACTION.dismiss) return { ok: true, form: dismissForm(alertId, body.channelId) };
    try {
      const incident = declareFromTriage({ ctx: ctxFor(body.user, body.requestId), input: { alertId } });
      say(body.channelId, body.user, `Declared *${incident.ref}* from this alert. You lead it.`);
      return await afterDeclare(incident.id, body.channelId, body.user);
    } catch (error) {
      fail(error, body.channelId, body.user, body.requestId);
      return { ok: true };
    }
  }

  /** Checklist and approval buttons: they act on the incident of the channel they are pressed in, and nothing else. */
  function checklistAction(body: z.infer<typeof PressButton>): SandboxOutcome {
    const ctx = ctxFor(body.user, body.requestId);
    const incident = incidentForChannel({ ctx, channelId: body.channelId });
    const isApproval = body.actionId === SANDBOX_APPROVAL_ACTION.approve || body.actionId === SANDBOX_APPROVAL_ACTION.reject;
    const approval = isApproval ? deps.store.approvals.byId(Number(body.value)) : null;
    const click = isApproval ? null : parseStepClick(body.actionId, body.value);
    const runIncident = click ? deps.store.playbooks.run(click.runId)?.incidentId : approval?.incidentId;
    if (!incident || runIncident !== incident.id) throw new HttpError(422, 'That button does not belong to this channel\'s incident.');
    if (!claimed(body.requestId)) return { ok: true, duplicate: true };
    try {
      if (approval) {
        if (body.actionId === SANDBOX_APPROVAL_ACTION.reject) return { ok: true, form: rejectForm(approval.id, body.channelId) };
        approveAction({ ctx, input: { approvalId: approval.id } });
        deps.dispatcher.kick();
        deps.actions.kick();
        say(body.channelId, body.user, `Approved ${approval.action}; it runs now.`);
        return { ok: true };
      }
      if (!click) throw new HttpError(422, 'That button is out of date.');
      const outcome = runStepClick(ctx, click);
      if (outcome.type === 'ask-skip-reason') return { ok: true, form: skipForm(click.runId, click.stepId, body.channelId) };
      if (outcome.type === 'request-action') {
        const requested = requestStepAction({ ctx, input: { runId: click.runId, stepId: click.stepId } });
        say(body.channelId, body.user, `Requested. Someone other than you with the ${requested.approverRole} role must approve it.`);
      } else {
        say(body.channelId, body.user, outcome.text);
      }
      deps.dispatcher.kick();
    } catch (error) {
      if (error instanceof HttpError) throw error;
      fail(error, body.channelId, body.user, body.requestId);
    }
    return { ok: true };
  }

  /** Waits briefly for the war room so the UI can jump into it; if it is slow, the reply says so. */
  async function afterDeclare(incidentId: number, channelId: string, user: string): Promise<SandboxOutcome> {
    deps.dispatcher.kick();
    const row = await deps.dispatcher.waitFor(warRoomOpenKey(incidentId), WAR_ROOM_WAIT_MS);
    const incident = loadIncident(deps.store, incidentId);
    if (row?.status === 'sent' && incident.channelId) return { ok: true, openChannelId: incident.channelId };
    say(channelId, user, `${incident.ref} is recorded; its war room is not open yet (${row?.lastError ?? 'queued'}). It will appear when it is.`);
    return { ok: true };
  }

  return [
    { method: 'GET', path: '/', handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(asset('index.html')) },
    { method: 'GET', path: '/sandbox/app.js', handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(asset('app.js')) },
    { method: 'GET', path: '/sandbox/simulate-alert.js', handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(asset('simulate-alert.js')) },
    { method: 'GET', path: '/sandbox/app.css', handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(asset('app.css')) },
    {
      method: 'GET',
      path: '/sandbox/api/bootstrap',
      handler: (_req, res) => sendJson(res, 200, { ok: true, users: DEMO_USERS, roles: deps.settings.roles }),
    },
    {
      method: 'GET',
      path: '/sandbox/api/channels',
      handler: (req, res) => {
        const user = User.safeParse(new URL(req.url ?? '/', 'http://x').searchParams.get('user'));
        if (!user.success) throw new HttpError(422, `?user= must be one of ${DEMO_USER_IDS.join(', ')}.`);
        const channels = chat.channels(user.data).map((c) => {
          const incident = incidentForChannel({ ctx: ctxFor(user.data, 'read'), channelId: c.id });
          return { id: c.id, name: c.name, topic: c.topic, member: c.member, incident: incident ? { ref: incident.ref, status: incident.status, severity: incident.severity } : null };
        });
        sendJson(res, 200, { ok: true, channels });
      },
    },
    {
      method: 'GET',
      path: '/sandbox/api/channels/:id/messages',
      handler: (req, res, params) => {
        const user = User.safeParse(new URL(req.url ?? '/', 'http://x').searchParams.get('user'));
        if (!user.success) throw new HttpError(422, `?user= must be one of ${DEMO_USER_IDS.join(', ')}.`);
        const id = params.id ?? '';
        requireChannel(id);
        sendJson(res, 200, { ok: true, messages: chat.messages(id, user.data) });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/api/messages',
      handler: async (req, res) => {
        const body = await parseBody(req, PostMessage);
        requireChannel(body.channelId);
        if (!claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        const command = /^\/incident(?:\s+([\s\S]*))?$/.exec(body.text);
        if (!command && /^\/[a-z]/i.test(body.text)) {
          say(body.channelId, body.user, 'The sandbox only knows `/incident`. Try `/incident help`.');
          return sendJson(res, 200, { ok: true });
        }
        if (!command) {
          requireMember(body.channelId, body.user);
          chat.post(body.channelId, { author: body.user, text: body.text });
          return sendJson(res, 200, { ok: true });
        }
        const ctx = ctxFor(body.user, body.requestId);
        let outcome: SandboxOutcome = { ok: true };
        try {
          const result = runIncidentCommand(command[1] ?? '', { ctx, channelId: body.channelId, fmt: sandboxFmt, parseUser: parseSandboxUser });
          deps.dispatcher.kick();
          if (result.type === 'reply') say(body.channelId, body.user, result.text);
          if (result.type === 'open-declare-form') outcome = { ok: true, form: declareForm(body.channelId, result.severity) };
          if (result.type === 'open-postmortem-form') outcome = postmortem.open({ incidentId: result.incidentId, channelId: body.channelId, user: body.user, text: result.text });
          if (result.type === 'declared') {
            say(body.channelId, body.user, result.text);
            outcome = await afterDeclare(result.incident.id, body.channelId, body.user);
          }
        } catch (error) {
          fail(error, body.channelId, body.user, body.requestId);
        }
        sendJson(res, 200, outcome);
      },
    },
    {
      method: 'POST',
      path: '/sandbox/api/actions',
      handler: async (req, res) => {
        const body = await parseBody(req, PressButton);
        requireChannel(body.channelId);
        requireMember(body.channelId, body.user);
        if (body.actionId === SANDBOX_ALERT_ACTION.declare || body.actionId === SANDBOX_ALERT_ACTION.dismiss) {
          return sendJson(res, 200, await triageAction(body));
        }
        if (STEP_ACTION.test(body.actionId) || body.actionId === SANDBOX_APPROVAL_ACTION.approve || body.actionId === SANDBOX_APPROVAL_ACTION.reject) {
          return sendJson(res, 200, checklistAction(body));
        }
        if (body.actionId === SANDBOX_POSTMORTEM_ACTION.start) return sendJson(res, 200, postmortem.start(body));
        const incidentId = Number(body.value);
        const ctx = ctxFor(body.user, body.requestId);
        // A button acts on the incident of the channel it was pressed in, and nothing else.
        if (!Number.isInteger(incidentId) || incidentForChannel({ ctx, channelId: body.channelId })?.id !== incidentId) {
          throw new HttpError(422, 'That button does not belong to this channel\'s incident.');
        }
        if (!claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        let outcome: SandboxOutcome = { ok: true };
        try {
          switch (body.actionId) {
            case SANDBOX_ACTION.acknowledge.id:
              say(body.channelId, body.user, `You acknowledged ${acknowledgeIncident({ ctx, input: { incidentId, via: 'button' } }).ref}.`);
              break;
            case SANDBOX_ACTION.take_lead.id:
              say(body.channelId, body.user, `You now lead ${assignLead({ ctx, input: { incidentId, userId: body.user, via: 'button' } }).ref}.`);
              break;
            case SANDBOX_ACTION.resolve.id:
              say(body.channelId, body.user, `${changeStatus({ ctx, input: { incidentId, status: 'resolved', via: 'button' } }).ref} is resolved. The lead closes it with \`/incident close\`.`);
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
          fail(error, body.channelId, body.user, body.requestId);
        }
        sendJson(res, 200, outcome);
      },
    },
    {
      method: 'POST',
      path: '/sandbox/api/forms',
      handler: async (req, res) => {
        const body = await parseBody(req, z.union([SubmitForm, DismissForm, ReasonForm, PostmortemFormSubmission]));
        requireChannel(body.formId === 'declare' ? body.context.originChannelId : body.context.channelId);
        if (!claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        if (body.formId === 'postmortem_why' || body.formId === 'postmortem_details') {
          const answer = postmortem.submit(body);
          return sendJson(res, answer.status, answer.json);
        }
        const ctx = ctxFor(body.user, body.requestId);
        if (body.formId === 'declare') {
          const channelId = body.context.originChannelId;
          try {
            const incident = declareIncident({ ctx, input: { title: body.values.title, severity: body.values.severity, originChannelId: channelId, via: 'form' } });
            say(channelId, body.user, `Declared *${incident.ref}* (${incident.severity.toUpperCase()}): ${incident.title}. You lead it.`);
            return sendJson(res, 200, await afterDeclare(incident.id, channelId, body.user));
          } catch (error) {
            // Form errors go back to the form, like Slack's response_action: errors.
            if (isWarroomError(error)) return sendJson(res, 422, { ok: false, error: error.message, field: 'title' });
            throw error;
          }
        }
        if (body.formId === 'skip_step' || body.formId === 'reject_action') {
          try {
            if (body.formId === 'skip_step') skipStep({ ctx, input: { runId: body.context.runId, stepId: body.context.stepId, reason: body.values.reason, via: 'form' } });
            else rejectAction({ ctx, input: { approvalId: body.context.approvalId, reason: body.values.reason } });
            deps.dispatcher.kick();
            return sendJson(res, 200, { ok: true });
          } catch (error) {
            if (isWarroomError(error)) return sendJson(res, 422, { ok: false, error: error.message, field: 'reason' });
            throw error;
          }
        }
        if (body.formId === 'dismiss_alert') {
          try {
            dismissAlert({ ctx, input: { alertId: body.context.alertId, reason: body.values.reason } });
            deps.dispatcher.kick();
            return sendJson(res, 200, { ok: true });
          } catch (error) {
            if (isWarroomError(error)) return sendJson(res, 422, { ok: false, error: error.message, field: 'reason' });
            throw error;
          }
        }
        const { incidentId } = body.context;
        try {
          changeStatus({ ctx, input: { incidentId, status: body.values.status, note: body.values.note?.trim() || null, via: 'form' } });
          deps.dispatcher.kick();
        } catch (error) {
          if (isWarroomError(error)) return sendJson(res, 422, { ok: false, error: error.message, field: 'status' });
          throw error;
        }
        sendJson(res, 200, { ok: true });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/api/reactions',
      handler: async (req, res) => {
        const body = await parseBody(req, React);
        const message = chat.message(body.messageId);
        // Private replies are not anyone's to pin: treat them as absent, like messages in channels one is not in.
        if (!message || message.ephemeral || !chat.isMember(message.channelId, body.user)) throw new HttpError(404, `No message ${body.messageId} you can see.`);
        if (!claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        const ctx = ctxFor(body.user, body.requestId);
        const incident = incidentForChannel({ ctx, channelId: message.channelId });
        if (incident) {
          const author = message.author === BOT_AUTHOR ? null : message.author;
          const entry = pinMessage({ ctx, input: { incidentId: incident.id, messageId: String(message.id), author, text: message.text } });
          say(message.channelId, body.user, entry ? `Pinned to the ${incident.ref} timeline (#${entry.seq}).` : 'That message is already on the timeline.');
        }
        sendJson(res, 200, { ok: true });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/api/channels/:id/join',
      handler: async (req, res, params) => {
        const body = await parseBody(req, Join);
        const channelId = params.id ?? '';
        requireChannel(channelId);
        if (!claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        const joined = chat.invite(channelId, [body.user]).length > 0;
        const ctx = ctxFor(body.user, body.requestId);
        const incident = incidentForChannel({ ctx, channelId });
        if (joined && incident) {
          welcomeResponder({ ctx, input: { incidentId: incident.id, userId: body.user } });
          deps.dispatcher.kick();
        }
        sendJson(res, 200, { ok: true });
      },
    },
  ];
}
