import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { rememberPeople } from '../../core/people/remember-people.js';
import { internalErrorText, pinToTimeline, type InteractionEnv } from '../../interactions/index.js';
import { coreCtx } from '../adapter-deps.js';
import { kickAfterInteraction } from '../kick-after-interaction.js';
import { MESSAGE_ACTION } from './ids.js';
import { plainTeamsText } from './presenters/build-card-activity.js';
import { resolveTeamsText } from './resolve-teams-text.js';
import { NO_PERSON_TEXT } from './teams-card-buttons.js';
import { teamsHtmlText } from './teams-html-text.js';
import { roomOf } from './teams-room.js';
import type { TeamsTurnDeps } from './teams-turn-deps.js';

/** The timeline keeps at most this much of a message (pin-message.ts). */
const MAX_TEXT = 40_000;

/**
 * The message a message action was run on, as Teams sends it in the invoke (docs: msteams-docs "Message actions",
 * `messagePayload`): its id, its HTML body, and who wrote it, a person (`user`, by Entra object id) or an app.
 */
const MessagePayload = z.object({
  id: z.string().min(1),
  body: z.object({ content: z.string().nullish() }).nullish(),
  from: z
    .object({
      user: z
        .object({ id: z.string().min(1), displayName: z.string().nullish(), userIdentityType: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
});

/**
 * "Add to timeline" on a message: the shared layer copies it into its war room's timeline, as the pin reaction does
 * on Slack (a bot in Teams hears no reactions, and reads no channel messages it is not @mentioned in: the invoke
 * carries the message). The answer is a message in Teams' small dialog, only for the person who asked.
 */
function pinnedText(t: TeamsTurnDeps, turn: TurnContext): string {
  const a = turn.activity;
  const userId = a.from.aadObjectId;
  if (!userId) return NO_PERSON_TEXT;
  const message = MessagePayload.safeParse((a.value as { messagePayload?: unknown } | undefined)?.messagePayload);
  if (!message.success) return "Teams did not send the message with the action: run it again from the message's menu.";
  const { id, body, from } = message.data;
  // A person's message is theirs by Entra object id (the id warroom knows them by); an app's has no author.
  const author = from?.user && from.user.userIdentityType !== 'anonymousGuest' ? from.user.id : null;
  const ctx = coreCtx(t.deps, { type: 'teams', userId }, a.id ?? 'teams:message-action');
  if (author && from?.user?.displayName)
    rememberPeople({ ctx, input: { people: [{ userId: author, name: from.user.displayName }] } });
  const env: InteractionEnv = { ctx, fmt: t.fmt, channelId: roomOf(t, a) };
  const text = teamsHtmlText(body?.content ?? '').slice(0, MAX_TEXT) || '(a message without text: a card or a file)';
  const result = pinToTimeline({ channelId: env.channelId ?? '', messageId: id, author, text, via: 'button' }, env);
  kickAfterInteraction(t.deps);
  return result.type === 'private' ? plainTeamsText(resolveTeamsText(result.text, 'plain', t.people, null)) : 'Done.';
}

/** Message actions: `composeExtension/fetchTask` invokes, answered with a message (`task.type: message`). */
export function routeMessageActions(app: Application, t: TeamsTurnDeps): void {
  app.messageExtensions.fetchTask(MESSAGE_ACTION.pin, async (turn) => {
    try {
      return pinnedText(t, turn);
    } catch (error) {
      const requestId = turn.activity.id ?? 'teams:message-action';
      t.deps.logger.error({ err: error, requestId }, 'Teams message action failed');
      return internalErrorText(requestId);
    }
  });
}
