import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { runIncidentCommand } from '../../../../../commands/index.js';
import { declareForm, postmortemForm, resolveQuestion } from '../../../../interactions/index.js';
import type { Ctx } from '../../../../core/context.js';
import { warRoomOpenKey } from '../../../../core/incident/declare-incident.js';
import type { Incident } from '../../../../core/incident/incident.js';
import { loadIncident } from '../../../../core/incident/load-incident.js';
import { coreCtx, type AdapterDeps } from '../../../adapter-deps.js';
import { formModal } from '../../presenters/form-modal.js';
import { privateAnswer } from '../../presenters/private-answer.js';
import { slackErrorOf } from '../../slack-chat-port.js';
import { parseSlackUser, slackFmt } from '../../slack-fmt.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

/** How long the declarer waits for the war room before we tell them it is delayed. Well inside response_url's 30 min. */
const WAR_ROOM_WAIT_MS = 2_500;

/**
 * `/incident …`: acknowledged empty before anything else (ack-first.ts: Slack's 3-second limit), then run, then
 * answered through response_url, ephemeral, as every answer was. No command answers in the ack body: its answer
 * needs the command's work, and that work must not hold up the ack, this one's or anyone else's.
 */
export function registerIncidentCommand(app: App, deps: AdapterDeps): void {
  app.command('/incident', async ({ command, respond, client }) => {
    const requestId = command.trigger_id;
    const ctx = coreCtx(deps, { type: 'slack', userId: command.user_id, teamId: command.team_id }, requestId);
    try {
      const result = runIncidentCommand(command.text ?? '', {
        ctx,
        channelId: command.channel_id,
        fmt: slackFmt,
        parseUser: parseSlackUser,
      });
      deps.dispatcher.kick();
      switch (result.type) {
        case 'reply':
          await respond(ephemeral(result.text));
          return;
        case 'open-declare-form':
          try {
            await client.views.open({
              trigger_id: command.trigger_id,
              view: formModal(declareForm(command.channel_id, result.severity)),
            });
          } catch (error) {
            // Nothing was declared yet: say how to declare without the form.
            deps.logger.warn({ err: error, requestId }, 'views.open failed for /incident declare; answered as text');
            const reason = slackErrorOf(error) ?? 'Slack did not answer';
            await respond(
              ephemeral(
                `Slack did not open the declare form (${reason}). Declare in one line instead: \`/incident declare <title> [sev1|sev2|sev3|sev4]\`.`,
              ),
            );
          }
          return;
        case 'open-postmortem-form':
          await openPostmortemForm(result, { command, client, respond, deps, requestId, ctx });
          return;
        case 'declared':
          await respond(ephemeral(result.text));
          await reportWarRoom(result.incident, deps, respond);
          return;
        case 'confirm-resolve': {
          const question = resolveQuestion(result.incidentId, result.text);
          const message = privateAnswer(question.text, question.buttons);
          await respond(ephemeral(message.text, message.blocks));
          return;
        }
      }
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });
}

/**
 * `/incident postmortem`: the modal the Start postmortem button opens. If Slack will not open it (the trigger_id
 * expired, Slack is down), the postmortem is still saved and started, so the person gets where it stands as text.
 */
async function openPostmortemForm(
  result: { incidentId: number; text: string },
  o: { command: SlashCommand; client: WebClient; respond: RespondFn; deps: AdapterDeps; requestId: string; ctx: Ctx },
): Promise<void> {
  try {
    // trigger_id is valid for 3 seconds: the command ran only local SQLite work before this.
    const opened = postmortemForm(result.incidentId, { ctx: o.ctx, fmt: slackFmt, channelId: o.command.channel_id });
    if (opened.type !== 'open-form') throw new Error(`postmortem of incident ${result.incidentId} vanished`);
    await o.client.views.open({ trigger_id: o.command.trigger_id, view: formModal(opened.form) });
  } catch (error) {
    const reason = slackErrorOf(error) ?? 'Slack did not answer';
    o.deps.logger.warn(
      { err: error, requestId: o.requestId },
      'views.open failed for /incident postmortem; answered as text',
    );
    await o.respond(
      ephemeral(
        `Slack did not open the postmortem form (${reason}), so here it is as text. Run \`/incident postmortem\` again for the form.\n${result.text}`,
      ),
    );
  }
}

/** Tells the declarer where the war room is, or honestly that Slack has not let us create it yet. */
export async function reportWarRoom(incident: Incident, deps: AdapterDeps, respond: RespondFn): Promise<void> {
  const row = await deps.dispatcher.waitFor(warRoomOpenKey(incident.id), WAR_ROOM_WAIT_MS);
  const opened = loadIncident(deps.store, incident.id);
  if (row?.status === 'sent' && opened.channelId) {
    await respond(
      ephemeral(`War room for ${incident.ref} is ready: ${slackFmt.channel(opened.channelId, opened.channelName)}`),
    );
  } else if (row?.status === 'dead') {
    await respond(
      ephemeral(
        `${incident.ref} is recorded, but Slack refused to create its war room (${row.lastError ?? 'unknown error'}). Ask whoever runs warroom to check the bot's permissions.`,
      ),
    );
  } else {
    await respond(
      ephemeral(
        `${incident.ref} is recorded, but Slack is not answering right now${row?.lastError ? ` (${row.lastError})` : ''}. The war room will appear as soon as it does; \`/incident list\` shows the incident meanwhile.`,
      ),
    );
  }
}
