import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import type { TeamsTokenClient } from './teams-token-client.js';

/**
 * What botbuilder asks for credentials: our app id is the only valid audience, authentication is never disabled
 * (an empty app id would switch botbuilder's checks off), and requests are signed with our token client's tokens.
 */
export class TeamsCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly tokens: TeamsTokenClient,
  ) {
    super();
    if (!appId) throw new Error('TEAMS_APP_ID is empty: Bot Framework would stop checking who calls us');
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(_appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    const scope = `${audience ?? 'https://api.botframework.com'}/.default`;
    return {
      signRequest: async (request) => {
        request.headers.set('authorization', `Bearer ${await this.tokens.token(scope)}`);
        return request;
      },
    };
  }
}
