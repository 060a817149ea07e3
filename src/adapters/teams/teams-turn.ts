import { TurnContext } from 'botbuilder';
import { runIncidentCommand } from '../../../commands/index.js';
import { plainFmt } from '../../core/fmt.js';
import { coreCtx, type AdapterDeps } from '../adapter-deps.js';

/** What this first step answers in Teams; the rest waits for the Teams ChatPort (docs/adr/0003, plan step 2). */
const ANSWERED = new Set(['help', 'list']);

/** `@warroom list`, `incident list`, `/incident list` → `list`. */
export function commandText(activity: TurnContext['activity']): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return text
    .replace(/&nbsp;/g, ' ')
    .trim()
    .replace(/^\/?incident\b\s*/i, '');
}

/**
 * A turn: a message to the bot runs the command in words, answered in the same conversation (Teams has no private
 * replies). Until war rooms can open in Teams, only `help` and `list` run; anything else says so plainly.
 */
export function teamsTurn(deps: AdapterDeps): (turn: TurnContext) => Promise<void> {
  return async (turn) => {
    if (turn.activity.type !== 'message') return;
    const text = commandText(turn.activity);
    const [name = 'help'] = text.split(/\s+/).filter(Boolean);
    if (!ANSWERED.has(name.toLowerCase())) {
      await turn.sendActivity(`Only \`help\` and \`list\` work in Teams so far: declare and run incidents from Slack or the sandbox until Teams war rooms land.`);
      return;
    }
    const from = turn.activity.from;
    const userId = from.aadObjectId ?? from.id;
    const ctx = coreCtx(deps, { type: 'teams', userId }, turn.activity.id ?? 'teams');
    const result = runIncidentCommand(text || 'help', { ctx, channelId: turn.activity.conversation.id, fmt: plainFmt, parseUser: () => null });
    await turn.sendActivity({ type: 'message', text: result.type === 'reply' || result.type === 'declared' ? result.text : 'Done.', textFormat: 'markdown' });
  };
}
