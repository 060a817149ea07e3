import { z } from 'zod';
import { incidentForChannel } from '../../core/incident/find-incident.js';
import { welcomeResponder } from '../../core/incident/welcome-responder.js';
import { pinReaction } from '../../interactions/index.js';
import { HttpError } from '../../http/http-errors.js';
import { sendJson, type Route } from '../../http/router.js';
import { BOT_AUTHOR, DEMO_USERS } from './demo-users.js';
import { parseBody, RequestId, SandboxUser, userOfQuery, type SandboxKit } from './sandbox-request.js';

const React = z.object({
  requestId: RequestId,
  user: SandboxUser,
  messageId: z.coerce.number().int(),
  reaction: z.literal('pushpin'),
});
const Join = z.object({ requestId: RequestId, user: SandboxUser });

/** Reading the chat, joining channels and pinning messages: the parts of the sandbox that are just a chat. */
export function channelRoutes(kit: SandboxKit): Route[] {
  const { chat, deps } = kit;
  return [
    {
      method: 'GET',
      path: '/sandbox/api/bootstrap',
      handler: (_req, res) => sendJson(res, 200, { ok: true, users: DEMO_USERS, roles: deps.settings.roles }),
    },
    {
      method: 'GET',
      path: '/sandbox/api/channels',
      handler: (req, res) => {
        const user = userOfQuery(req);
        const channels = chat.channels(user).map((c) => {
          const incident = incidentForChannel({ ctx: kit.ctxFor(user, 'read'), channelId: c.id });
          return {
            id: c.id,
            name: c.name,
            topic: c.topic,
            member: c.member,
            incident: incident ? { ref: incident.ref, status: incident.status, severity: incident.severity } : null,
          };
        });
        sendJson(res, 200, { ok: true, channels });
      },
    },
    {
      method: 'GET',
      path: '/sandbox/api/channels/:id/messages',
      handler: (req, res, params) => {
        const user = userOfQuery(req);
        const id = params.id ?? '';
        kit.requireChannel(id);
        sendJson(res, 200, { ok: true, messages: chat.messages(id, user) });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/api/reactions',
      handler: async (req, res) => {
        const body = await parseBody(req, React);
        const message = chat.message(body.messageId);
        // Private replies are not anyone's to pin: treat them as absent, like messages in channels one is not in.
        if (!message || message.ephemeral || !chat.isMember(message.channelId, body.user))
          throw new HttpError(404, `No message ${body.messageId} you can see.`);
        if (!kit.claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        const author = message.author === BOT_AUTHOR ? null : message.author;
        const pinned = pinReaction(
          {
            reaction: body.reaction,
            channelId: message.channelId,
            messageId: String(message.id),
            author,
            text: message.text,
          },
          { ctx: kit.ctxFor(body.user, body.requestId), fmt: kit.fmt, channelId: message.channelId },
        );
        if (pinned.type === 'private') kit.say(message.channelId, body.user, pinned.text);
        sendJson(res, 200, { ok: true });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/api/channels/:id/join',
      handler: async (req, res, params) => {
        const body = await parseBody(req, Join);
        const channelId = params.id ?? '';
        kit.requireChannel(channelId);
        if (!kit.claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        const joined = chat.invite(channelId, [body.user]).length > 0;
        const ctx = kit.ctxFor(body.user, body.requestId);
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
