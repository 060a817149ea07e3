import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWarroom, type RunningWarroom } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startFakeBotFramework, type ConnectorCall, type FakeBotFramework } from '../fakes/fake-bot-framework.js';
import { startFakeGraph, type FakeGraph } from '../fakes/fake-graph.js';
import { teamsClient, type TeamsClient, type TeamsPerson } from './teams-invoke.js';
import type { TestClock } from './test-store.js';

export const TEAMS_APP_ID = '00000000-0000-4000-8000-00000000b075';
export const TEAMS_TENANT = '11111111-1111-4111-8111-111111111111';
export const INCIDENT_TEAM = '22222222-2222-4222-8222-222222222222';
export const FALLBACK_CHANNEL = '19:fallback@thread.tacv2';
export const OPS_CHANNEL = '19:ops@thread.tacv2';
const SECRET = 'teams-client-secret';

/** People as Teams shows them: Entra object id (warroom's user id), bot-scoped 29: id, display name. */
export const ANA: TeamsPerson = {
  aadObjectId: 'a0000000-0000-4000-8000-00000000a001',
  id: '29:1ana',
  name: 'Ana Reyes',
};
export const BEN: TeamsPerson = {
  aadObjectId: 'b0000000-0000-4000-8000-00000000b001',
  id: '29:1ben',
  name: 'Ben Adler',
};
export const CAROL: TeamsPerson = {
  aadObjectId: 'c0000000-0000-4000-8000-00000000ca01',
  id: '29:1carol',
  name: 'Carol Medina',
};
export const DAN: TeamsPerson = {
  aadObjectId: 'd0000000-0000-4000-8000-00000000da01',
  id: '29:1dan',
  name: 'Dan Okafor',
};
export type { TeamsPerson };
/** Everyone in the tenant: the fake connector's member lookup knows them, and `{{Name}}` can mention them. */
const PEOPLE = [ANA, BEN, CAROL, DAN];

export interface TeamsHarness {
  bot: FakeBotFramework;
  graph: FakeGraph;
  app: RunningWarroom;
  /** Activities as Teams sends them (messages, button invokes, dialogs), signed and posted to /api/messages. */
  client: TeamsClient;
  /**
   * `@warroom <text>` typed by `from` in a channel conversation (a thread id `19:…;messageid=…`). `{{Dan Okafor}}` in
   * the text is an @mention of that person, written as Teams writes one (`<at>…</at>` plus a mention entity).
   */
  say(text: string, o?: { from?: TeamsPerson; conversationId?: string; channelId?: string }): Promise<number>;
  /** Waits until `probe` returns something (state the app reaches on its own, e.g. a war room recorded). */
  until<T>(probe: () => T | null | undefined): Promise<T>;
  /** Waits until the fake connector has seen a call matching `match`; returns it. */
  waitForCall(match: (c: ConnectorCall) => boolean): Promise<ConnectorCall>;
  stop(): Promise<void>;
}

/** Options of startTeamsHarness beyond the incidents team. */
export interface TeamsHarnessOptions {
  teamId?: string | null;
  /**
   * Run warroom, the fake connector and the fake Graph on this clock (drive the outbox with runOutbox). The scheduler
   * and header-refresh crons are then left to the test (`h.app.scheduler.runOnce()`), so nothing runs on wall time.
   */
  clock?: TestClock;
  /** The fake connector answers 429 when the bot sends more than Teams allows (see startFakeBotFramework). */
  enforceRateLimits?: boolean;
}

/** Once a year: with a test clock the test runs the scheduler itself, and a wall-clock tick must not interleave. */
const NEVER = '0 0 1 1 *';

/** warroom in Teams mode against a fake Bot Framework (auth, Entra, connector) and a fake Graph, from loadConfig. */
export async function startTeamsHarness(
  env: Record<string, string> = {},
  o: TeamsHarnessOptions = {},
): Promise<TeamsHarness> {
  const clock = o.clock ? { now: () => o.clock?.now().getTime() ?? Date.now() } : {};
  const graph = await startFakeGraph({
    tenantId: TEAMS_TENANT,
    clientId: TEAMS_APP_ID,
    clientSecret: SECRET,
    teams: [INCIDENT_TEAM],
    ...clock,
  });
  const bot = await startFakeBotFramework({
    appId: TEAMS_APP_ID,
    clientSecret: SECRET,
    graphLoginUrl: graph.loginUrl,
    members: PEOPLE,
    ...clock,
    enforceRateLimits: o.enforceRateLimits ?? false,
  });
  const dir = mkdtempSync(join(tmpdir(), 'warroom-teams-'));
  const teamId = o.teamId === undefined ? INCIDENT_TEAM : o.teamId;
  const app = await startWarroom(
    loadConfig({
      PORT: '0',
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      TEAMS_APP_ID,
      TEAMS_CLIENT_SECRET: SECRET,
      TEAMS_TENANT_ID: TEAMS_TENANT,
      ...(teamId ? { TEAMS_INCIDENT_TEAM_ID: teamId } : {}),
      TEAMS_FALLBACK_CHANNEL_ID: FALLBACK_CHANNEL,
      TEAMS_SERVICE_URL: bot.serviceUrl,
      TEAMS_OPENID_METADATA_URL: bot.openIdMetadataUrl,
      TEAMS_EMULATOR_OPENID_METADATA_URL: bot.openIdMetadataUrl,
      TEAMS_LOGIN_URL: bot.loginUrl,
      TEAMS_GRAPH_URL: graph.graphUrl,
      ...env,
    }),
    { outboxPollMs: 50, ...(o.clock ? { now: o.clock.now, schedulerCron: NEVER, headerRefreshCron: NEVER } : {}) },
  );
  const client = teamsClient({
    url: `${app.url}/api/messages`,
    bot,
    appId: TEAMS_APP_ID,
    tenantId: TEAMS_TENANT,
    people: PEOPLE,
  });
  return {
    bot,
    graph,
    app,
    client,
    async say(text, s = {}) {
      const channelId = s.channelId ?? OPS_CHANNEL;
      const place = { channelId, ...(s.conversationId ? { conversationId: s.conversationId } : {}) };
      return (await client.say(s.from ?? CAROL, text, place)).status;
    },
    async until(probe) {
      for (;;) {
        const value = probe();
        if (value) return value;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async waitForCall(match) {
      for (;;) {
        const found = bot.connectorCalls.find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      await app.stop();
      await bot.stop();
      await graph.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
