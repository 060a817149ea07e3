import { coreCtx, type AdapterDeps } from './adapters/adapter-deps.js';
import type { CardRef } from './adapters/teams/ids.js';
import type { TeamsPeople } from './adapters/teams/resolve-teams-text.js';
import { teamsChatPort, type TeamsPortMemory } from './adapters/teams/teams-chat-port.js';
import { teamsConnector } from './adapters/teams/teams-connector.js';
import { teamsConnectorPacer } from './adapters/teams/teams-connector-pacer.js';
import { createTeamsFmt } from './adapters/teams/teams-fmt.js';
import { teamsGraphChannels } from './adapters/teams/teams-graph-channels.js';
import { teamsBotAdapter, teamsMessagesRoute } from './adapters/teams/teams-inbound.js';
import type { TeamsSettings } from './adapters/teams/teams-settings.js';
import { teamsTokenClient } from './adapters/teams/teams-token-client.js';
import { teamsApplication } from './adapters/teams/teams-turn.js';
import type { Logger } from 'pino';
import type { TeamsConfig, WarroomConfig } from './config.js';
import type { AlertPolicy } from './core/alert/priority-policy.js';
import type { ChatPort } from './core/chat-port.js';
import { rememberPeople } from './core/people/remember-people.js';
import { cardViewers } from './interactions/index.js';
import type { Route } from './http/router.js';
import type { Db } from './store/db.js';
import { teamsRepo } from './store/repos/teams-repo.js';

/** A Teams channel's conversation id: 19:…@thread.tacv2 (or the older @thread.skype). */
export const TEAMS_CHANNEL_ID = /^19:[^;\s]+@thread\.(tacv2|skype)$/;

/**
 * In Teams mode triage needs a channel id; a policy that names one by name (the shipped `triage`) and no
 * WARROOM_TRIAGE_CHANNEL puts triage in the fallback channel, and says so, rather than refusing a first start.
 */
export function teamsTriagePolicy(config: WarroomConfig, policy: AlertPolicy, logger: Logger): AlertPolicy {
  if (config.mode !== 'teams' || TEAMS_CHANNEL_ID.test(policy.triage_channel)) return policy;
  logger.info(
    { triage: config.teams.fallbackChannelId },
    `triage alerts go to TEAMS_FALLBACK_CHANNEL_ID: "${policy.triage_channel}" is a name, and Teams needs a channel id (set WARROOM_TRIAGE_CHANNEL to move them)`,
  );
  return { ...policy, triage_channel: config.teams.fallbackChannelId };
}

/**
 * Teams mode's composition: the adapter's parts (botbuilder auth, the teams-ai Application, the connector, Graph) and
 * the storage and directory lookups they are handed. Here, not in the adapter, because adapters never query the store.
 */
export function startTeams(config: TeamsConfig, o: { deps: AdapterDeps; db: Db }): { port: ChatPort; route: Route } {
  const { deps } = o;
  const { store } = deps;
  const settings: TeamsSettings = {
    appId: config.appId,
    clientSecret: config.clientSecret,
    tenantId: config.tenantId,
    openIdMetadataUrl: config.openIdMetadataUrl,
    emulatorOpenIdMetadataUrl: config.emulatorOpenIdMetadataUrl,
    loginUrl: config.loginUrl,
  };
  const tokens = teamsTokenClient(settings);
  const repo = teamsRepo(o.db);
  const memory: TeamsPortMemory = {
    conversation: (key) => repo.conversation(key),
    rememberConversation: (key, ref) => void repo.rememberConversation(key, ref, deps.now().toISOString()),
  };
  // Mention by the Teams id a request showed, else by Entra object id (Adaptive Card mentions take either).
  const people: TeamsPeople = (userId) => ({
    name: store.people.name(userId) ?? userId,
    mentionId: store.people.platformId(userId) ?? userId,
  });
  const fmt = createTeamsFmt({ botName: config.botName });
  // Only people a request has shown us can be named: refresh.userIds takes Teams ids (29:…), not Entra object ids.
  const refreshUsers = (target: CardRef): string[] =>
    cardViewers(store, target).flatMap((userId) => {
      const teamsId = store.people.platformId(userId);
      return teamsId ? [teamsId] : [];
    });
  const port = teamsChatPort({
    fmt,
    connector: teamsConnector(tokens),
    graph: config.incidentTeamId
      ? teamsGraphChannels({
          tokens,
          graphUrl: config.graphUrl,
          teamId: config.incidentTeamId,
          now: () => deps.now().getTime(),
        })
      : null,
    tenantId: config.tenantId,
    fallbackChannelId: config.fallbackChannelId,
    defaultServiceUrl: config.serviceUrl,
    memory,
    people,
    teamsIdOf: (userId) => store.people.platformId(userId),
    rememberPerson: ({ userId, name, teamsId }) =>
      void rememberPeople({
        ctx: coreCtx(deps, { type: 'system', reason: 'Teams member lookup' }, 'teams-member-lookup'),
        input: { people: [{ userId, name, platformId: teamsId }] },
      }),
    refreshUsers,
    pacer: teamsConnectorPacer(),
    now: () => deps.now().getTime(),
    logger: deps.logger.child({ component: 'teams' }),
  });
  const adapter = teamsBotAdapter(settings, tokens);
  const app = teamsApplication(
    {
      deps,
      fmt,
      people,
      chat: port,
      memory,
      userIdOf: (teamsId) => store.people.byPlatformId(teamsId),
      refreshUsers,
    },
    adapter,
    config.appId,
  );
  const route = teamsMessagesRoute({ settings, adapter, deps, turn: async (turn) => void (await app.run(turn)) });
  return { port, route };
}
