import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import { z } from 'zod';
import { claimRequest } from '../../core/claim-request.js';
import { readJsonBody } from '../../http/read-json-body.js';
import { sendJson, type Route } from '../../http/router.js';
import type { AdapterDeps } from '../adapter-deps.js';
import { TeamsCredentialsFactory } from './teams-credentials.js';
import { BOT_FRAMEWORK_ISSUER, BOT_FRAMEWORK_SCOPE, type TeamsSettings } from './teams-settings.js';
import type { TeamsTokenClient } from './teams-token-client.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

/** Just enough of an activity to authenticate, route and de-duplicate it; botbuilder reads the rest. */
const IncomingActivity = z
  .object({
    type: z.string().min(1),
    id: z.string().optional(),
    channelId: z.string().min(1),
    serviceUrl: z.string().url(),
    conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }).passthrough(),
    channelData: z
      .object({ tenant: z.object({ id: z.string() }).partial().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** botbuilder's CloudAdapter with its two halves exposed, so a failed check is ours to answer (see teamsMessagesRoute). */
class WarroomTeamsAdapter extends TeamsAdapter {
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: (turn: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

/**
 * botbuilder configured with the full parameterized set (it takes all or none): Bot Framework's issuer and scope, the
 * metadata and login URLs from settings, and our credentials factory so no call goes through MSAL.
 */
export function teamsBotAdapter(settings: TeamsSettings, tokens: TeamsTokenClient): WarroomTeamsAdapter {
  return new WarroomTeamsAdapter(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppPassword: settings.clientSecret,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: settings.tenantId,
      ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_ISSUER,
      ToBotFromEmulatorOpenIdMetadataUrl: settings.emulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: `${settings.loginUrl.replace(/\/$/, '')}/${settings.tenantId}`,
      ToChannelFromBotOAuthScope: BOT_FRAMEWORK_SCOPE,
      // The user-token service (sign-in flows); warroom never signs users in.
      OAuthUrl: BOT_FRAMEWORK_ISSUER,
      CallerId: 'urn:botframework:azure',
    },
    new TeamsCredentialsFactory(settings.appId, tokens),
  );
}

/**
 * `POST /api/messages`, in two phases. First botbuilder checks the Bearer JWT (issuer, audience = our app id, the
 * serviceurl claim, the key's endorsement for the channel, 5 minutes of skew): any failure is a 401 with a fixed body,
 * never the SDK's message (which can be an internal error text). Then the tenant must be ours (a single-tenant bot;
 * defence in depth), a redelivered activity is acknowledged and dropped, and the turn runs; an invoke's answer is
 * written back as botbuilder returns it.
 */
export function teamsMessagesRoute(o: {
  settings: TeamsSettings;
  adapter: WarroomTeamsAdapter;
  deps: AdapterDeps;
  turn: (turn: TurnContext) => Promise<void>;
}): Route {
  const { settings, adapter, deps } = o;
  return {
    method: 'POST',
    path: TEAMS_MESSAGES_PATH,
    handler: async (req, res) => {
      const parsed = IncomingActivity.safeParse(await readJsonBody(req));
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: 'Not a Bot Framework activity.' });
      const activity = parsed.data as unknown as Activity;
      let auth: AuthenticateRequestResult;
      try {
        auth = await adapter.authenticate(activity, req.headers.authorization ?? '');
      } catch (error) {
        deps.logger.warn(
          { reason: error instanceof Error ? error.name : 'unknown' },
          'Teams request refused: authentication failed',
        );
        return sendJson(res, 401, { ok: false, error: 'Unauthorized.' });
      }
      const tenant = parsed.data.channelData?.tenant?.id ?? parsed.data.conversation.tenantId;
      if (tenant !== settings.tenantId) {
        deps.logger.warn({ tenant }, 'Teams request refused: another tenant');
        return sendJson(res, 403, { ok: false, error: 'This bot serves one Microsoft 365 tenant.' });
      }
      if (
        parsed.data.id &&
        !claimRequest(deps.store, `teams:${parsed.data.conversation.id}:${parsed.data.id}`, deps.now())
      ) {
        return sendJson(res, 200, {});
      }
      const invoke = await adapter.runTurn(auth, activity, o.turn);
      if (invoke?.body !== undefined) return sendJson(res, invoke.status, invoke.body);
      res.writeHead(invoke?.status ?? 200).end();
    },
  };
}
