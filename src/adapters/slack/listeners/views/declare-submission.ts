import type { App } from '@slack/bolt';
import { z } from 'zod';
import { declareIncident, DeclareIncidentInput } from '../../../../core/incident/declare-incident.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { BLOCK, VIEW } from '../../ids.js';
import { slackFmt } from '../../slack-fmt.js';
import { replyForError } from '../../slack-replies.js';

const Metadata = z.object({ originChannelId: z.string() });

/** The declare modal. Bad input is shown next to the field (response_action: errors); good input declares. */
export function registerDeclareSubmission(app: App, deps: AdapterDeps): void {
  app.view(VIEW.declare, async ({ ack, body, view, client }) => {
    const values = view.state.values;
    const input = {
      title: values[BLOCK.title]?.[BLOCK.title]?.value ?? '',
      severity: values[BLOCK.severity]?.[BLOCK.severity]?.selected_option?.value ?? 'sev3',
      originChannelId: Metadata.safeParse(JSON.parse(view.private_metadata || '{}')).data?.originChannelId ?? null,
      via: 'form' as const,
    };
    const checked = DeclareIncidentInput.safeParse(input);
    if (!checked.success) {
      await ack({ response_action: 'errors', errors: { [BLOCK.title]: checked.error.issues.map((i) => i.message).join(' ') } });
      return;
    }
    await ack();
    const requestId = `${view.id}:${body.user.id}`;
    const ctx = interactionCtx(deps, body, requestId);
    let text: string;
    try {
      const incident = declareIncident({ ctx, input: checked.data });
      deps.dispatcher.kick();
      text = `Declared *${incident.ref}* (${incident.severity.toUpperCase()}): ${slackFmt.text(incident.title)}. You lead it; the war room #${incident.plannedChannelName} is opening.`;
    } catch (error) {
      text = replyForError(error, requestId, deps.logger);
    }
    // A modal has no response_url: tell the declarer privately in the channel they started from.
    if (!input.originChannelId) return;
    await client.chat.postEphemeral({ channel: input.originChannelId, user: body.user.id, text }).catch((error: unknown) => deps.logger.warn({ err: error, requestId }, 'could not confirm declaration'));
  });
}
