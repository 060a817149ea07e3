import type { RequestListener } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AdapterDeps } from '../adapter-deps.js';
import { turnQueue, type TurnQueue } from '../../turn-queue.js';
import { boltLogger } from './bolt-logger.js';
import { ackFirst } from './ack-first.js';
import { registerInteractionButtons } from './listeners/actions/interaction-buttons.js';
import { registerIncidentCommand } from './listeners/commands/incident-command.js';
import { registerMemberJoinedChannel } from './listeners/events/member-joined-channel.js';
import { registerReactionAdded } from './listeners/events/reaction-added.js';
import { registerFileShared } from './listeners/events/file-shared.js';
import { registerFormSubmissions } from './listeners/views/form-submissions.js';
import { slackWebClient } from './slack-chat-port.js';
import { isSlackTimestampInFuture } from './verify-request-timestamp.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
}

export interface SlackAdapter {
  /**
   * Serves POST /slack/events: refuses a timestamp more than 5 minutes in the future, then Bolt verifies the signature
   * (v0 HMAC) and refuses one more than 5 minutes old, before any listener runs.
   */
  requestListener: RequestListener;
  /** Web API client for deliveries (no built-in retries: the outbox retries). */
  client: WebClient;
  /** Learns the bot's own user id; Slack being down at boot must not stop us serving. */
  identify(): Promise<void>;
}

/** `turns`: shared with the outbox dispatcher in the running app, so deliveries take turns with requests' work. */
export function createSlackAdapter(
  slack: SlackSettings,
  deps: AdapterDeps,
  turns: TurnQueue = turnQueue(),
): SlackAdapter {
  const logger = boltLogger(deps.logger);
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    logger,
    // ack() sends the HTTP answer at once; the work follows (ack-first.ts), so Slack gets it well inside 3 seconds.
    processBeforeResponse: false,
  });
  const client = slackWebClient(slack.botToken, slack.apiUrl);
  const identity: { botUserId?: string; botId?: string } = {};
  const app = new App({
    receiver,
    logger,
    // Listener calls answer a person now (a modal's trigger_id lives 3 s): a couple of quick retries, then say so.
    // Bolt's default would keep retrying for ~30 minutes. State changes go through the outbox, which owns retries.
    clientOptions: {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 800 },
    },
    // Our own authorize (instead of `token`) so requests are served even while auth.test cannot reach Slack.
    authorize: async () => ({ botToken: slack.botToken, botUserId: identity.botUserId, botId: identity.botId }),
  });
  app.use(ackFirst(deps, turns));
  registerIncidentCommand(app, deps);
  registerInteractionButtons(app, deps);
  registerFormSubmissions(app, deps);
  registerReactionAdded(app, deps);
  registerMemberJoinedChannel(app, deps);
  registerFileShared(app, deps, slack.apiUrl);
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  return {
    requestListener(req, res) {
      if (isSlackTimestampInFuture(req, deps.now().getTime())) {
        deps.logger.warn(
          { timestamp: req.headers['x-slack-request-timestamp'] },
          'refused a Slack request stamped more than 5 minutes in the future',
        );
        // Bolt answers a stale or badly signed request the same way: 401 with no body.
        res.writeHead(401).end();
        return;
      }
      receiver.requestListener(req, res);
    },
    client,
    async identify() {
      try {
        const auth = await client.auth.test();
        identity.botUserId = auth.user_id;
        identity.botId = auth.bot_id;
        deps.logger.info({ team: auth.team, botUserId: auth.user_id }, 'connected to Slack');
      } catch (error) {
        deps.logger.warn(
          { err: error },
          'auth.test failed; serving anyway and retrying deliveries until Slack answers',
        );
      }
    },
  };
}
