/** Bot Framework's issuer and audience for tokens between Teams and bots (botframework-connector's constants). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
/** Microsoft Graph's resource: app-only tokens for it are asked for as `${GRAPH_RESOURCE}/.default` (channel mode only). */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** A single-tenant Azure Bot registration and where its Microsoft endpoints are (tests point them at local fakes). */
export interface TeamsSettings {
  appId: string;
  clientSecret: string;
  tenantId: string;
  /** Bot Framework's OpenID metadata, whose JWKS signs the tokens Teams sends us. */
  openIdMetadataUrl: string;
  /** The Bot Framework Emulator's, for tokens issued by Entra directly (botbuilder checks both kinds). */
  emulatorOpenIdMetadataUrl: string;
  /** Entra's token endpoint base: `{loginUrl}/{tenantId}/oauth2/v2.0/token`. */
  loginUrl: string;
}

export const TEAMS_DEFAULT_ENDPOINTS = {
  openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  emulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  loginUrl: 'https://login.microsoftonline.com',
} as const;
