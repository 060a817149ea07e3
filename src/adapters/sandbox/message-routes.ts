import { z } from 'zod';
import { runIncidentCommand } from '../../../commands/index.js';
import { sendJson, type Route } from '../../http/router.js';
import { parseSandboxUser } from './sandbox-fmt.js';
import { declareForm, postmortemForm, resolveQuestion } from '../../interactions/index.js';
import { sandboxForm } from './sandbox-form.js';
import { parseBody, RequestId, SandboxUser, type SandboxKit, type SandboxOutcome } from './sandbox-request.js';

const withForm = (form: SandboxOutcome['form'] | null): SandboxOutcome => (form ? { ok: true, form } : { ok: true });

const PostMessage = z.object({
  requestId: RequestId,
  user: SandboxUser,
  channelId: z.string().min(1),
  text: z.string().trim().min(1).max(40_000),
});

/** Typing into a channel: a chat message, or `/incident …` run exactly as Slack runs it. */
export function messageRoutes(kit: SandboxKit): Route[] {
  const { chat, deps } = kit;
  return [
    {
      method: 'POST',
      path: '/sandbox/api/messages',
      handler: async (req, res) => {
        const body = await parseBody(req, PostMessage);
        kit.requireChannel(body.channelId);
        if (!kit.claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        const command = /^\/incident(?:\s+([\s\S]*))?$/.exec(body.text);
        if (!command && /^\/[a-z]/i.test(body.text)) {
          kit.say(body.channelId, body.user, 'The sandbox only knows `/incident`. Try `/incident help`.');
          return sendJson(res, 200, { ok: true });
        }
        if (!command) {
          kit.requireMember(body.channelId, body.user);
          chat.post(body.channelId, { author: body.user, text: body.text });
          return sendJson(res, 200, { ok: true });
        }
        const ctx = kit.ctxFor(body.user, body.requestId);
        let outcome: SandboxOutcome = { ok: true };
        try {
          const result = runIncidentCommand(command[1] ?? '', {
            ctx,
            channelId: body.channelId,
            fmt: kit.fmt,
            parseUser: parseSandboxUser,
          });
          deps.dispatcher.kick();
          if (result.type === 'reply') kit.say(body.channelId, body.user, result.text);
          if (result.type === 'confirm-resolve') {
            const question = resolveQuestion(result.incidentId, result.text);
            kit.sayWithButtons(body.channelId, body.user, question.text, question.buttons ?? []);
          }
          if (result.type === 'open-declare-form')
            outcome = withForm(sandboxForm(declareForm(body.channelId, result.severity)));
          if (result.type === 'open-postmortem-form') {
            // The command's words say where it stands; the form opens beside them (none once it is finalized).
            kit.say(body.channelId, body.user, result.text);
            const opened = postmortemForm(result.incidentId, { ctx, fmt: kit.fmt, channelId: body.channelId });
            if (opened.type === 'open-form') outcome = withForm(sandboxForm(opened.form));
          }
          if (result.type === 'declared') {
            kit.say(body.channelId, body.user, result.text);
            outcome = await kit.afterDeclare(result.incident.id, body.channelId, body.user);
          }
        } catch (error) {
          kit.fail(error, body.channelId, body.user, body.requestId);
        }
        sendJson(res, 200, outcome);
      },
    },
  ];
}
