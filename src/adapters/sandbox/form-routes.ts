import { z } from 'zod';
import { FORM_IDS, formChannelId, submitForm } from '../../interactions/index.js';
import { sendJson, type Route } from '../../http/router.js';
import { kickAfterInteraction } from '../kick-after-interaction.js';
import { answerForm } from './sandbox-answer.js';
import { parseBody, RequestId, SandboxUser, type SandboxKit } from './sandbox-request.js';

/** A submitted dialog: which form, the context it was opened with (echoed back), and each field's value. */
const SubmitForm = z.object({
  requestId: RequestId,
  user: SandboxUser,
  formId: z.enum(FORM_IDS),
  context: z.record(z.string(), z.unknown()),
  values: z.record(z.string(), z.string()).default({}),
});

/**
 * Submitted dialogs (declare, status, dismiss, skip, reject, postmortem), run by the shared layer: a refusal goes
 * back under the field at fault (422), the next form replaces the open one, anything else closes it.
 */
export function formRoutes(kit: SandboxKit): Route[] {
  return [
    {
      method: 'POST',
      path: '/sandbox/api/forms',
      handler: async (req, res) => {
        const body = await parseBody(req, SubmitForm);
        const channelId = formChannelId(body.context);
        if (channelId) kit.requireChannel(channelId);
        if (!kit.claimed(body.requestId)) return sendJson(res, 200, { ok: true, duplicate: true });
        const result = submitForm(
          { formId: body.formId, context: body.context, values: body.values },
          { ctx: kit.ctxFor(body.user, body.requestId), fmt: kit.fmt, channelId: null },
        );
        kickAfterInteraction(kit.deps);
        const answer = await answerForm(kit, result, channelId, body.user);
        sendJson(res, answer.status, answer.json);
      },
    },
  ];
}
