import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { AdapterDeps } from '../../src/adapters/adapter-deps.js';
import type { TeamsConfig } from '../../src/config.js';
import type { CoreSettings } from '../../src/core/context.js';
import { createRouter } from '../../src/http/router.js';
import { startTeams } from '../../src/start-teams.js';
import { startFakeBotFramework, type FakeBotFramework } from '../fakes/fake-bot-framework.js';
import { teamsClient, type TeamsClient, type TeamsPerson } from './teams-invoke.js';
import type { TestStore } from './test-store.js';

export const ROUTE_APP_ID = '00000000-0000-4000-8000-00000000a11d';
export const ROUTE_TENANT = '11111111-1111-4111-8111-111111111111';
const SECRET = 'fake-client-secret';

/** Teams' /api/messages alone, over a test store: the real route and turn, without the app around it. */
export interface TeamsRoute {
  bot: FakeBotFramework;
  client: TeamsClient;
  /** How often a turn asked the outbox, and the action runner, to look for work. */
  kicks: { dispatcher: number; actions: number };
  stop(): Promise<void>;
}

/**
 * The Teams route (botbuilder auth, teams-ai turn) over `t`'s store with a fake Bot Framework and no incidents team.
 * The outbox is not under test here: a turn that queues deliveries only kicks it (counted in `kicks`).
 */
export async function startTeamsRoute(
  t: TestStore,
  o: { settings: CoreSettings; people: readonly TeamsPerson[] },
): Promise<TeamsRoute> {
  const bot = await startFakeBotFramework({ appId: ROUTE_APP_ID, clientSecret: SECRET });
  const config: TeamsConfig = {
    appId: ROUTE_APP_ID,
    clientSecret: SECRET,
    tenantId: ROUTE_TENANT,
    incidentTeamId: null,
    fallbackChannelId: '19:fallback@thread.tacv2',
    botName: 'warroom',
    serviceUrl: bot.serviceUrl,
    openIdMetadataUrl: bot.openIdMetadataUrl,
    emulatorOpenIdMetadataUrl: bot.openIdMetadataUrl,
    loginUrl: bot.loginUrl,
    graphUrl: 'http://127.0.0.1:9/graph',
  };
  const logger = pino({ level: 'silent' });
  const kicks = { dispatcher: 0, actions: 0 };
  const deps: AdapterDeps = {
    store: t.store,
    settings: o.settings,
    logger,
    now: t.clock.now,
    dispatcher: { kick: () => void (kicks.dispatcher += 1), waitFor: async () => null, stop: async () => undefined },
    actions: { kick: () => void (kicks.actions += 1) },
  };
  const server = createServer(createRouter([startTeams(config, { deps, db: t.database.db }).route], logger));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  return {
    bot,
    client: teamsClient({ url, bot, appId: ROUTE_APP_ID, tenantId: ROUTE_TENANT, people: o.people }),
    kicks,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bot.stop();
    },
  };
}
