import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { configProblems as problems } from './support/config-problems.js';

const TEAMS = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-00000000b075',
  TEAMS_CLIENT_SECRET: 'app-secret',
  TEAMS_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  TEAMS_INCIDENT_TEAM_ID: '22222222-2222-4222-8222-222222222222',
  TEAMS_FALLBACK_CHANNEL_ID: '19:f4llb4ck@thread.tacv2',
};

describe('Teams configuration', () => {
  it('selects Teams mode with the single-tenant registration, on all interfaces, with Microsoft endpoints by default', () => {
    const config = loadConfig(TEAMS);
    expect(config).toMatchObject({ mode: 'teams', host: '0.0.0.0', announceChannel: null });
    if (config.mode !== 'teams') throw new Error('not teams');
    expect(config.teams).toEqual({
      appId: TEAMS.TEAMS_APP_ID,
      clientSecret: 'app-secret',
      tenantId: TEAMS.TEAMS_TENANT_ID,
      incidentTeamId: TEAMS.TEAMS_INCIDENT_TEAM_ID,
      fallbackChannelId: '19:f4llb4ck@thread.tacv2',
      botName: 'warroom',
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      emulatorOpenIdMetadataUrl:
        'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
      loginUrl: 'https://login.microsoftonline.com',
      graphUrl: 'https://graph.microsoft.com/v1.0',
    });
  });

  it('points every Microsoft endpoint where the operator says (tests use local fakes)', () => {
    const config = loadConfig({
      ...TEAMS,
      TEAMS_SERVICE_URL: 'http://127.0.0.1:9/connector',
      TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
      TEAMS_LOGIN_URL: 'http://127.0.0.1:9/login/',
      TEAMS_GRAPH_URL: 'http://127.0.0.1:9/graph/v1.0/',
      TEAMS_BOT_NAME: 'IncidentBot',
    });
    expect(config).toMatchObject({
      teams: {
        serviceUrl: 'http://127.0.0.1:9/connector/',
        loginUrl: 'http://127.0.0.1:9/login',
        graphUrl: 'http://127.0.0.1:9/graph/v1.0',
        botName: 'IncidentBot',
      },
    });
    expect(problems({ ...TEAMS, TEAMS_GRAPH_URL: 'file:///etc/passwd' })).toEqual([
      'TEAMS_GRAPH_URL: must be an http(s) URL',
    ]);
  });

  it('without an incidents team every incident is a thread in the fallback channel', () => {
    const { TEAMS_INCIDENT_TEAM_ID: _team, ...threadsOnly } = TEAMS;
    expect(loadConfig(threadsOnly)).toMatchObject({ mode: 'teams', teams: { incidentTeamId: null } });
  });

  it('refuses to start without the app id, naming where to find it (an empty one turns authentication off)', () => {
    expect(problems({ ...TEAMS, TEAMS_APP_ID: '' })).toEqual([
      expect.stringMatching(
        /^TEAMS_APP_ID is missing: set it to the bot's "Microsoft App ID".*nothing verifies that requests come from Teams$/,
      ),
    ]);
    expect(problems({ ...TEAMS, TEAMS_APP_ID: 'my-bot' })).toEqual([
      expect.stringMatching(/^TEAMS_APP_ID=my-bot: not a GUID/),
    ]);
  });

  it('refuses each other missing or malformed piece on its own line', () => {
    expect(problems({ TEAMS_APP_ID: TEAMS.TEAMS_APP_ID })).toEqual([
      expect.stringMatching(/^TEAMS_CLIENT_SECRET is missing: create a client secret/),
      expect.stringMatching(/^TEAMS_TENANT_ID is missing: .*single-tenant bot$/),
      expect.stringMatching(/^TEAMS_FALLBACK_CHANNEL_ID is missing: /),
    ]);
    expect(
      problems({
        ...TEAMS,
        TEAMS_TENANT_ID: 'contoso.onmicrosoft.com',
        TEAMS_INCIDENT_TEAM_ID: 'Incidents',
        TEAMS_FALLBACK_CHANNEL_ID: 'General',
      }),
    ).toEqual([
      expect.stringMatching(/^TEAMS_TENANT_ID=contoso.onmicrosoft.com: not a GUID/),
      expect.stringMatching(/^TEAMS_INCIDENT_TEAM_ID=Incidents: not a team id/),
      expect.stringMatching(/^TEAMS_FALLBACK_CHANNEL_ID=General: not a channel id/),
    ]);
  });

  it('refuses Slack and Teams variables together: one warroom serves one platform', () => {
    expect(problems({ ...TEAMS, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toEqual([
      expect.stringMatching(/^Both SLACK_\* and TEAMS_\* variables are set: one warroom serves one chat platform/),
    ]);
  });
});
