import type { DeadLetterCause } from '../../core/outbox/dead-letter.js';
import type { OutboxIntent } from '../../core/outbox/outbox-intent.js';
import { DeliveryError } from '../../core/delivery-error.js';

const SLACK_ID = /^[CGD][A-Z0-9]{2,}$/;
/** A Teams channel id (19:…@thread.tacv2): Teams has no channel names warroom can use, so ids are shown as they are. */
const TEAMS_ID = /^19:\S+@thread\.(tacv2|skype)$/;
/** `#triage` for a name, the bare id for an id (Slack shows ids as links, names with a hash). */
export const channelLabel = (ref: string): string =>
  SLACK_ID.test(ref) || TEAMS_ID.test(ref) ? ref : `#${ref.replace(/^#/, '')}`;

/** What refused, for the metric's labels: the platform's own method and code when it answered, else our own words. */
export function deadLetterCause(error: unknown, intent: OutboxIntent): DeadLetterCause {
  if (error instanceof DeliveryError && error.refusal) return error.refusal;
  const message = error instanceof Error ? error.message : String(error);
  const http = /^([\w.]+): HTTP (\d{3})$/.exec(message);
  if (http?.[1] && http[2]) return { method: http[1], code: `http_${http[2]}` };
  // Our own refusals (a deleted alert, a missing postmortem) have free text: keep the label set small.
  return { method: intent.type, code: 'refused' };
}

type Role = { what: string; setting: string; ref: string };

/** Which configured channel a delivery went to, and the setting that names it. */
function roleOf(intent: OutboxIntent): Role | null {
  if (intent.type === 'triage.post')
    return {
      what: 'triage',
      setting: 'WARROOM_TRIAGE_CHANNEL (or triage_channel in config/policy.yaml)',
      ref: intent.channel,
    };
  if (intent.type === 'announce' || intent.type === 'announce.update')
    return { what: 'announcements', setting: 'WARROOM_ANNOUNCE_CHANNEL', ref: intent.channel };
  if (intent.type === 'digest.post')
    return { what: 'digest', setting: 'reminders.weekly_digest.channel in config/policy.yaml', ref: intent.channel };
  return null;
}

/** The person a delivery is for alone (a direct message, a private brief), whose chat with the bot it goes to. */
function personOf(intent: OutboxIntent): string | null {
  if (intent.type === 'direct.overdue_action' || intent.type === 'warroom.brief') return intent.userId;
  return null;
}

/**
 * Teams' refusals for good (the Bot Connector's error codes, msteams-docs conversation-messages.md): what an operator
 * does about each, in Teams' terms. Null for a code that is not Teams'.
 */
function teamsFix(outboxId: number, cause: DeadLetterCause, intent: OutboxIntent): string | null {
  const role = roleOf(intent);
  const person = personOf(intent);
  const retry = `then run \`npx warroom outbox retry ${outboxId}\``;
  const discard = `discard it (\`npx warroom outbox discard ${outboxId}\`)`;
  const point = role ? `, or set ${role.setting} to a channel of a team warroom is in` : '';
  switch (cause.code) {
    case 'BotNotInConversationRoster':
      if (role)
        return `warroom is not in the team of ${channelLabel(role.ref)} (${role.what}) any more: re-add the app to that team (the team's Manage team → Apps)${point}; ${retry}`;
      if (person)
        return `warroom is not in ${person}'s chat (they removed the app, or never added it): ask them to add warroom in Teams (Apps), ${retry}; or ${discard}`;
      return `warroom is not in that team/chat any more (the app was removed): re-add the app to the team (Manage team → Apps), ${retry}${intent.type === 'warroom.page' ? ' (a page also writes to each paged person: each needs the app)' : ''}`;
    case 'ConversationNotFound':
      if (role)
        return `Teams has no conversation ${channelLabel(role.ref)} (${role.what}): the channel was deleted or the id is wrong; use the 19:…@thread.tacv2 id from the channel's "Get link to channel"${point}; ${retry}`;
      if (person) return `${person}'s chat with warroom no longer exists in Teams: ${discard}`;
      return `the war room's channel or thread no longer exists in Teams (deleted): a team owner can restore a deleted channel for 30 days, ${retry}; or ${discard}`;
    case 'BotDisabledByAdmin':
      return `a Teams admin has blocked warroom (BotDisabledByAdmin): ask them to allow the app in the Teams admin center's app permission policies, ${retry}`;
    case 'ConversationBlockedByUser':
      return `${person ?? 'someone'} blocked warroom's chat in Teams: nothing to send there; ${discard}`;
    case 'MessageSizeTooBig':
      return `Teams refused the message warroom built (MessageSizeTooBig, over about 28 KB): report it with the log line; \`npx warroom outbox discard ${outboxId}\` drops it`;
    default:
      return null;
  }
}

/**
 * One sentence an operator can act on for a dead-lettered delivery, ending with the command that re-drives it.
 * The common case it exists for: a triage channel that does not exist, so every triage alert died unseen.
 */
export function deadLetterFix(outboxId: number, cause: DeadLetterCause, intent: OutboxIntent): string {
  const teams = teamsFix(outboxId, cause, intent);
  if (teams) return teams;
  const role = roleOf(intent);
  const where = role
    ? channelLabel(role.ref)
    : intent.type === 'direct.overdue_action'
      ? `a direct message to ${intent.userId}`
      : 'the war room';
  const retry = `then run \`npx warroom outbox retry ${outboxId}\``;
  const point = role ? ` or set ${role.setting} to a channel the bot is in` : '';
  switch (cause.code) {
    case 'channel_not_found':
      return role
        ? `${where} (${role.what}) does not exist or the bot cannot see it: create it and invite the bot to ${where}${point}; ${retry}`
        : `${where} no longer exists or the bot was removed from it: invite the bot back; ${retry}, or discard it (\`npx warroom outbox discard ${outboxId}\`)`;
    case 'not_in_channel':
    case 'method_not_supported_for_channel_type':
      return `the bot is not a member of ${where}: invite it (/invite @warroom in ${where})${point}; ${retry}`;
    case 'is_archived':
      return `${where} is archived: unarchive it${point}; ${retry}`;
    case 'restricted_action':
      return `the workspace does not let the bot do ${cause.method} in ${where}: ask a Slack admin to allow it${point}; ${retry}`;
    case 'user_not_found':
      return `Slack does not know that user any more: discard it (\`npx warroom outbox discard ${outboxId}\`)`;
    case 'invalid_blocks':
    case 'invalid_arguments':
    case 'msg_too_long':
    case 'too_long':
    case 'no_text':
      return `Slack refused the message warroom built (${cause.code}): report it with the log line; \`npx warroom outbox discard ${outboxId}\` drops it`;
    case 'refused':
      return `warroom could not build this delivery (the record it renders is gone): see \`npx warroom outbox list\`, then discard it (\`npx warroom outbox discard ${outboxId}\`)`;
    default:
      return `${cause.method} answered ${cause.code} for ${where}: fix that (see the platform's documentation for ${cause.method}); ${retry}`;
  }
}
