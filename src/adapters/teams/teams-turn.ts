import { Application, type TeamsAdapter } from '@microsoft/teams-ai';
import { TeamsInfo, TurnContext, type Activity, type Entity } from 'botbuilder';
import { runIncidentCommand, type CommandResult } from '../../../commands/index.js';
import { textView } from '../../core/chat-view.js';
import { rememberPeople, type PersonName } from '../../core/people/remember-people.js';
import { coreCtx } from '../adapter-deps.js';
import { declareDialogCard, postmortemDialogCard } from './presenters/prompt-cards.js';
import { fallbackVerb, pressedText, routeCardButtons } from './teams-card-buttons.js';
import { routeDialogs } from './teams-dialogs.js';
import { routeMessageActions } from './teams-message-actions.js';
import { roomOf } from './teams-room.js';
import { teamsTextMessage } from './teams-text-message.js';
import type { TeamsTurnDeps } from './teams-turn-deps.js';

export type { TeamsTurnDeps } from './teams-turn-deps.js';

/** `<at>Name</at>` as Teams writes a mention into a message's text. */
const AT = /<at>([^<]*)<\/at>/g;
/** How a mention reaches the shared command grammar: one token, `<@id>`. */
const MENTION_TOKEN = /^<@([^>]+)>$/;

/** `@warroom declare x`, `incident list`, `/incident list` → the command words; other people's mentions become `<@id>`. */
export function commandText(activity: Activity, mentionIds: Map<string, string>): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return (
    text
      .replace(AT, (whole) => (mentionIds.has(whole) ? `<@${mentionIds.get(whole)}>` : whole))
      .replace(/&nbsp;/g, ' ')
      // Whatever other markup Teams sent (<p>, <span>…), but not the mention tokens made above.
      .replace(/<(?!@)[^>]+>/g, '')
      .trim()
      .replace(/^\/?incident\b\s*/i, '')
  );
}

/**
 * The Teams half of inbound: a teams-ai Application routes each authenticated activity. A message to the bot (an
 * @mention in a channel, anything in its personal chat) runs the shared command grammar; answers go back where the
 * command was typed (a reply in its thread), refusals to the person's chat with the bot, since Teams has no ephemeral
 * messages. Every activity teaches the people directory (name, Entra id, 29: id) and where Teams reached us from.
 */
export function teamsApplication(t: TeamsTurnDeps, adapter: TeamsAdapter, botAppId: string): Application {
  const app = new Application({
    adapter,
    botAppId,
    removeRecipientMention: false,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  app.turn('beforeTurn', async (turn) => {
    learn(t, turn);
    return true;
  });
  app.activity('message', async (turn) => {
    const verb = fallbackVerb(turn);
    // An older client's button (the Action.Submit fallback): the same press, answered privately as Teams allows.
    if (verb) await pressedOnOldClient(t, turn, verb);
    else await runTypedCommand(t, turn);
  });
  routeCardButtons(app, t);
  routeDialogs(app, t);
  routeMessageActions(app, t);
  app.conversationUpdate('membersAdded', async (turn) => {
    const bot = turn.activity.recipient.id;
    if (!turn.activity.membersAdded?.some((m) => m.id === bot)) return;
    // Installed in a team or a personal chat: say how to start, once, where it was installed.
    await turn.sendActivity(
      teamsTextMessage(
        `${t.fmt.icon('rotating_light')} warroom is here. Type ${t.fmt.command('help')} for commands, or ${t.fmt.command('declare <title> sev2')} to open an incident.`,
        { fmt: t.fmt, people: t.people },
      ),
    );
  });
  app.error(async (_turn, error) => {
    t.deps.logger.error({ err: error }, 'Teams turn failed');
  });
  return app;
}

/** Conversation references and people, from every authenticated activity. */
function learn(t: TeamsTurnDeps, turn: TurnContext): void {
  const a = turn.activity;
  t.memory.rememberConversation('tenant', { serviceUrl: a.serviceUrl, conversationId: a.conversation.id });
  const from = a.from;
  if (from?.aadObjectId) {
    if (a.conversation.conversationType === 'personal')
      t.memory.rememberConversation(`personal:${from.aadObjectId}`, {
        serviceUrl: a.serviceUrl,
        conversationId: a.conversation.id,
      });
    const ctx = coreCtx(t.deps, { type: 'teams', userId: from.aadObjectId }, a.id ?? 'teams');
    const person: PersonName = { userId: from.aadObjectId, name: from.name || from.aadObjectId, platformId: from.id };
    rememberPeople({ ctx, input: { people: [person] } });
  }
}

async function runTypedCommand(t: TeamsTurnDeps, turn: TurnContext): Promise<void> {
  const a = turn.activity;
  const userId = a.from.aadObjectId;
  if (!userId) return;
  const ctx = coreCtx(t.deps, { type: 'teams', userId }, a.id ?? 'teams');
  const mentionIds = await mentionedPeople(t, turn);
  const text = commandText(a, mentionIds);
  const channelId = roomOf(t, a);
  let result: CommandResult;
  try {
    result = runIncidentCommand(text || 'help', {
      ctx,
      channelId,
      fmt: t.fmt,
      parseUser: (token) => MENTION_TOKEN.exec(token.trim())?.[1] ?? null,
    });
  } catch (error) {
    t.deps.logger.error({ err: error, requestId: a.id }, 'Teams command failed');
    await privately(
      t,
      turn,
      userId,
      `Something went wrong running that (request ${a.id ?? 'unknown'}); it was logged. Try again, or type ${t.fmt.command('help')}.`,
    );
    return;
  }
  t.deps.dispatcher.kick();
  const cards = { fmt: t.fmt, people: t.people };
  // A form cannot open from a typed message: the answer carries the button that opens it as a dialog.
  if (result.type === 'open-declare-form') {
    const text = `Open the form, or declare in one line: ${t.fmt.command('declare <title> [sev1|sev2|sev3|sev4]')}.`;
    await turn.sendActivity(declareDialogCard(text, channelId, result.severity, cards));
    return;
  }
  if (result.type === 'open-postmortem-form') {
    await turn.sendActivity(postmortemDialogCard(result.incidentId, result.text, cards));
    return;
  }
  if (result.type === 'reply' && result.refused) await privately(t, turn, userId, result.text);
  else await turn.sendActivity(teamsTextMessage(result.text, cards));
}

/**
 * Other people @mentioned in the command (`role comms <at>Dan</at>`): their Entra object ids, from the people
 * directory or, for someone warroom has not seen yet, from Teams itself (the conversation member lookup).
 */
async function mentionedPeople(t: TeamsTurnDeps, turn: TurnContext): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const entities = (turn.activity.entities ?? []).filter((e: Entity) => e.type === 'mention') as Array<
    Entity & { text?: string; mentioned?: { id?: string; name?: string } }
  >;
  for (const entity of entities) {
    const teamsId = entity.mentioned?.id;
    if (!teamsId || !entity.text || teamsId === turn.activity.recipient.id) continue;
    let userId = t.userIdOf(teamsId);
    if (!userId) {
      const member = await TeamsInfo.getMember(turn, teamsId).catch(() => null);
      userId = member?.aadObjectId ?? null;
      if (userId) {
        const ctx = coreCtx(t.deps, { type: 'teams', userId }, turn.activity.id ?? 'teams');
        rememberPeople({
          ctx,
          input: { people: [{ userId, name: member?.name || entity.mentioned?.name || userId, platformId: teamsId }] },
        });
      }
    }
    if (userId) found.set(entity.text, userId);
  }
  return found;
}

async function pressedOnOldClient(t: TeamsTurnDeps, turn: TurnContext, verb: string): Promise<void> {
  const text = pressedText(t, turn, verb, turn.activity.value);
  const userId = turn.activity.from.aadObjectId;
  if (userId) await privately(t, turn, userId, text);
}

/** A refusal or error for one person: in their chat with the bot (or right here, when that is where they typed). */
async function privately(t: TeamsTurnDeps, turn: TurnContext, userId: string, text: string): Promise<void> {
  if (turn.activity.conversation.conversationType === 'personal') {
    await turn.sendActivity(teamsTextMessage(text, { fmt: t.fmt, people: t.people }));
    return;
  }
  try {
    await t.chat.postDirect(userId, textView(text));
  } catch (error) {
    // No personal chat (the app is not installed for them): the thread is the only place left to say it.
    t.deps.logger.warn({ err: error }, 'Teams personal chat unavailable; answered in the thread');
    await turn.sendActivity(teamsTextMessage(text, { fmt: t.fmt, people: t.people }));
  }
}
