import { z } from 'zod';
import { ButtonPress, BUTTON_REFUSALS, pressButton } from '../../interactions/index.js';
import { HttpError } from '../../http/http-errors.js';
import { sendJson, type Route } from '../../http/router.js';
import { kickAfterInteraction } from '../kick-after-interaction.js';
import { sandboxButtons } from './ids.js';
import { answerPress } from './sandbox-answer.js';
import { parseBody, RequestId, SandboxUser, type SandboxKit, type SandboxOutcome } from './sandbox-request.js';

const PressButton = z.object({
  requestId: RequestId,
  user: SandboxUser,
  channelId: z.string().min(1),
  actionId: z.string(),
  value: z.string(),
});

/**
 * Button presses (header, triage, checklist, approval, storm, postmortem): decoded into the shared layer's press,
 * run there (which refuses a press outside its incident's channel), answered here. A press that does not decode is
 * a 422, like any request the sandbox's own page would never send.
 */
export function actionRoutes(kit: SandboxKit): Route[] {
  return [
    {
      method: 'POST',
      path: '/sandbox/api/actions',
      handler: async (req, res) => {
        const body = await parseBody(req, PressButton);
        kit.requireChannel(body.channelId);
        kit.requireMember(body.channelId, body.user);
        const decoded = sandboxButtons.decode(body.actionId, body.value);
        if ('refused' in decoded) throw new HttpError(422, decoded.refused);
        const press = ButtonPress.safeParse(decoded.press);
        if (!press.success) throw new HttpError(422, BUTTON_REFUSALS.outOfDate);
        if (!kit.claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        let outcome: SandboxOutcome = { ok: true };
        try {
          const result = pressButton(press.data, {
            ctx: kit.ctxFor(body.user, body.requestId),
            fmt: kit.fmt,
            channelId: body.channelId,
          });
          kickAfterInteraction(kit.deps);
          outcome = await answerPress(kit, result, body.channelId, body.user);
        } catch (error) {
          if (error instanceof HttpError) throw error;
          kit.fail(error, body.channelId, body.user, body.requestId);
        }
        sendJson(res, 200, outcome);
      },
    },
  ];
}
