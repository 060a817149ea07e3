/**
 * Microsoft's public endpoints for a Teams bot, the defaults of the TEAMS_*_URL variables (tests point them at local
 * fakes). Outside the adapter so config can name them without loading the Teams SDK.
 */
export const TEAMS_DEFAULT_ENDPOINTS = {
  /** Bot Framework's OpenID metadata, whose JWKS signs the tokens Teams sends us. */
  openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  /** Entra-issued tokens (botbuilder checks both kinds). */
  emulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  /** Entra's token endpoint base: `{loginUrl}/{tenantId}/oauth2/v2.0/token`. */
  loginUrl: 'https://login.microsoftonline.com',
  graphUrl: 'https://graph.microsoft.com/v1.0',
  /** The global Bot Connector service URL Microsoft documents for proactive messages before any activity told us ours. */
  serviceUrl: 'https://smba.trafficmanager.net/teams/',
} as const;
