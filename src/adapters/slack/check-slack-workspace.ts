import type { WebClient } from '@slack/web-api';
import { findChannelByName, SLACK_CHANNEL_ID, toChannelInfo, type SlackChannelInfo } from './find-channel-by-name.js';
import { slackErrorOf } from './slack-chat-port.js';

/** A channel warroom posts to, and the setting an operator changes to point it elsewhere. */
export interface ConfiguredChannel {
  role: 'triage' | 'announcements' | 'digest';
  /** A channel id (C0123…) or a name (triage, #triage). */
  ref: string;
  /** Where it is configured, named in every problem: `WARROOM_ANNOUNCE_CHANNEL`, `triage_channel in config/policy.yaml`. */
  setting: string;
  /** Create it when it is configured by name and does not exist (triage: the bot may create channels). */
  createIfMissing: boolean;
  /** Without it, alerts are lost: a problem stops start-up (unless the operator turned strictness off). */
  essential: boolean;
}

export interface StartupFinding {
  /** `fatal` stops start-up; `warn` is a problem warroom starts with; `info` is something it did (created, joined). */
  level: 'fatal' | 'warn' | 'info';
  message: string;
}

export interface WorkspaceCheck {
  findings: StartupFinding[];
  /** Configured ref → channel id, for every channel found or created (names are resolved once, here). */
  channelIds: Map<string, string>;
}

/** auth.test errors that mean the token itself is wrong, revoked or not a bot token: nothing will work. */
const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'no_permission',
  'ekm_access_denied',
  'org_login_required',
]);

const label = (ref: string) => (SLACK_CHANNEL_ID.test(ref) ? ref : `#${ref}`);
const describe = (error: unknown) => slackErrorOf(error) ?? (error instanceof Error ? error.message : String(error));

/**
 * Start-up checks in Slack mode: the token works, and every configured channel exists and the bot can post there
 * (joining public channels it is not in; creating a missing triage channel configured by name). One finding per
 * problem, each naming the setting and the fix. An essential channel (triage) that cannot be used is `fatal` when
 * `strict`, since every alert routed there would be dead-lettered unseen.
 */
export async function checkSlackWorkspace(
  client: WebClient,
  channels: ConfiguredChannel[],
  opts: { strict: boolean },
): Promise<WorkspaceCheck> {
  const findings: StartupFinding[] = [];
  const channelIds = new Map<string, string>();
  try {
    await client.auth.test();
  } catch (error) {
    const code = slackErrorOf(error);
    if (code && TOKEN_ERRORS.has(code)) {
      findings.push({
        level: 'fatal',
        message: `SLACK_BOT_TOKEN was refused by Slack (auth.test: ${code}): set it to the "Bot User OAuth Token" (xoxb-…) from your Slack app's OAuth & Permissions page (reinstall the app to the workspace if the token was revoked), then restart`,
      });
    } else {
      // Slack being down must not keep us from accepting alerts: the outbox keeps them until Slack answers.
      findings.push({
        level: 'warn',
        message: `could not reach Slack to check the workspace (auth.test: ${describe(error)}); starting anyway, deliveries wait until Slack answers. Check SLACK_API_URL and the network.`,
      });
    }
    return { findings, channelIds };
  }

  for (const channel of channels) {
    const ref = channel.ref.replace(/^#/, '');
    const problem = (what: string) => {
      const fatal = channel.essential && opts.strict;
      const consequence = channel.essential
        ? fatal
          ? ' (alerts routed there would be lost; WARROOM_STRICT_START=false starts anyway)'
          : ' (WARROOM_STRICT_START=false: starting anyway; alerts routed there are dead-lettered, see `warroom outbox list`)'
        : '';
      findings.push({
        level: fatal ? 'fatal' : 'warn',
        message: `${channel.role} channel ${label(ref)} (${channel.setting}): ${what}${consequence}`,
      });
    };
    const point = `or set ${channel.setting} to a channel the bot is in`;
    let found: SlackChannelInfo | null;
    try {
      found = await lookUp(client, ref);
    } catch (error) {
      // We could not look: that is not proof the bot cannot post (a private channel needs groups:read to be
      // described, not to be posted to), so it is a warning even for triage; dead letters will tell if it fails.
      const code = slackErrorOf(error);
      const why =
        code === 'missing_scope'
          ? 'add the channels:read scope (groups:read for a private channel) to the Slack app and reinstall it'
          : 'check the log above and the network';
      findings.push({
        level: 'warn',
        message: `${channel.role} channel ${label(ref)} (${channel.setting}): could not check it (${describe(error)}): ${why}`,
      });
      continue;
    }
    if (!found && SLACK_CHANNEL_ID.test(ref)) {
      problem(
        `Slack has no channel with this id that the bot can see (channel_not_found): invite the bot to it (/invite @warroom) if it is private, ${point} (the id is under the channel's name → About)`,
      );
      continue;
    }
    if (!found && !channel.createIfMissing) {
      problem(`there is no channel called #${ref}: create it and invite the bot, ${point}`);
      continue;
    }
    if (!found) {
      try {
        const created = await client.conversations.create({ name: ref, is_private: false });
        const info = created.channel ? toChannelInfo(created.channel) : null;
        if (!info) throw new Error('conversations.create answered without a channel');
        channelIds.set(channel.ref, info.id);
        findings.push({
          level: 'info',
          message: `created #${info.name} (${info.id}) for ${channel.role}: it did not exist (${channel.setting}); invite your responders to it`,
        });
      } catch (error) {
        const code = slackErrorOf(error);
        if (code === 'name_taken')
          problem(
            `#${ref} exists but the bot cannot see it (it is private or archived, name_taken): invite the bot to it or unarchive it, ${point}`,
          );
        else
          problem(
            `there is no channel called #${ref} and the bot could not create it (conversations.create: ${describe(error)}): create it and invite the bot, ${point}`,
          );
      }
      continue;
    }
    if (found.isArchived) {
      problem(`#${found.name} is archived: unarchive it, ${point}`);
      continue;
    }
    if (!found.isMember) {
      if (found.isPrivate) {
        problem(
          `the bot is not a member of the private channel #${found.name}: invite it (/invite @warroom in #${found.name}), ${point}`,
        );
        continue;
      }
      try {
        await client.conversations.join({ channel: found.id });
        findings.push({
          level: 'info',
          message: `joined #${found.name} (${found.id}) so warroom can post ${channel.role} there`,
        });
      } catch (error) {
        problem(
          `the bot is not a member of #${found.name} and could not join it (conversations.join: ${describe(error)}): invite it (/invite @warroom in #${found.name}), ${point}`,
        );
        continue;
      }
    }
    channelIds.set(channel.ref, found.id);
  }
  return { findings, channelIds };
}

/** By id (conversations.info) or by name (conversations.list); null when Slack has no such channel the bot can see. */
async function lookUp(client: WebClient, ref: string): Promise<SlackChannelInfo | null> {
  if (!SLACK_CHANNEL_ID.test(ref)) return findChannelByName(client, ref);
  try {
    const info = await client.conversations.info({ channel: ref });
    return info.channel ? toChannelInfo(info.channel) : null;
  } catch (error) {
    if (slackErrorOf(error) === 'channel_not_found') return null;
    throw error;
  }
}
