import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ALERT_SOURCE_IDS } from './alerts/sources/index.js';
import { findProjectPath } from './project-file.js';
import { isAddressRange } from './executors/outbound-address-policy.js';
import { SEVERITIES, type Severity } from './core/incident/incident.js';
import { isValidTimeZone } from './core/postmortem/zoned-time.js';
import { TEAMS_DEFAULT_ENDPOINTS } from './teams-endpoints.js';

const DEFAULT_ROLES = 'comms,ops,scribe,security';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

const PORT_HINT = 'must be a port number from 0 to 65535, e.g. 3000';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: PORT_HINT }).int(PORT_HINT).min(0, PORT_HINT).max(65535, PORT_HINT).default(3000),
  ),
  HOST: optionalString,
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DATABASE_PATH: optionalString,
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  SLACK_BOT_TOKEN: optionalString.refine(
    (v) => v === undefined || v.startsWith('xoxb-'),
    'must be a bot token starting with xoxb-',
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
      .default('https://slack.com/api/'),
  ),
  TEAMS_APP_ID: optionalString,
  TEAMS_CLIENT_SECRET: optionalString,
  TEAMS_TENANT_ID: optionalString,
  TEAMS_INCIDENT_TEAM_ID: optionalString,
  TEAMS_FALLBACK_CHANNEL_ID: optionalString,
  TEAMS_BOT_NAME: z.preprocess(blankToUndefined, z.string().trim().max(80).default('warroom')),
  TEAMS_SERVICE_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(TEAMS_DEFAULT_ENDPOINTS.serviceUrl),
  ),
  TEAMS_OPENID_METADATA_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(TEAMS_DEFAULT_ENDPOINTS.openIdMetadataUrl),
  ),
  TEAMS_EMULATOR_OPENID_METADATA_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default(TEAMS_DEFAULT_ENDPOINTS.emulatorOpenIdMetadataUrl),
  ),
  TEAMS_LOGIN_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(TEAMS_DEFAULT_ENDPOINTS.loginUrl),
  ),
  TEAMS_GRAPH_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(TEAMS_DEFAULT_ENDPOINTS.graphUrl),
  ),
  WARROOM_ANNOUNCE_CHANNEL: optionalString,
  /** Overrides triage_channel of the policy file: a channel id, or a name the bot resolves (and creates) at start. */
  WARROOM_TRIAGE_CHANNEL: optionalString,
  /** false: a triage channel the bot cannot use is a warning at start instead of a refusal to start. */
  WARROOM_STRICT_START: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', '1', '0'], {
        error: 'must be true or false (false starts even when the triage channel cannot be used)',
      })
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
  ),
  WARROOM_ROLES: z.preprocess(blankToUndefined, z.string().default(DEFAULT_ROLES)),
  WARROOM_CATALOG: optionalString,
  WARROOM_POLICY: optionalString,
  WARROOM_GENERIC_MAPPING: optionalString,
  WARROOM_PLAYBOOKS: optionalString,
  WARROOM_API_TOKEN: optionalString,
  WARROOM_METRICS_TOKEN: optionalString,
  WARROOM_EXECUTOR: z.preprocess(
    blankToUndefined,
    z.enum(['dry-run', 'webhook'], { error: 'must be dry-run or webhook' }).default('dry-run'),
  ),
  WARROOM_EXECUTOR_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
  WARROOM_EXECUTOR_SECRET: optionalString,
  WARROOM_EXECUTOR_ALLOW_HOSTS: optionalString,
  WARROOM_EXECUTOR_ALLOW_CIDRS: optionalString,
  WARROOM_EXECUTOR_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(100).max(120_000).default(10_000),
  ),
  WARROOM_EXECUTOR_CONCURRENCY: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'must be a whole number from 1 to 32' }).int().min(1).max(32).default(4),
  ),
  WARROOM_TIME_ZONE: z.preprocess(blankToUndefined, z.string().trim().default('UTC')),
  // Empty means no severity needs a postmortem before closing (so no blank-to-default here).
  WARROOM_POSTMORTEM_REQUIRED: z.string().default('sev1,sev2'),
});

const WEBHOOK_SECRET_PREFIX = 'WEBHOOK_SECRET_';
const MIN_SECRET_LENGTH = 16;

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,29}$/;

export type WarroomConfig = {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  roles: string[];
  announceChannel: string | null;
  /** WARROOM_TRIAGE_CHANNEL: replaces the policy file's triage_channel when set. */
  triageChannel: string | null;
  /** Slack mode: refuse to start when the triage channel cannot be found, created or posted to (default true). */
  strictStart: boolean;
  /** IANA time zone for postmortems and other documents. */
  timeZone: string;
  /** Severities whose incidents close only after a finalized postmortem (empty: none). */
  postmortemRequired: Severity[];
  /** Folder of playbooks/*.yaml. */
  playbooksPath: string;
  /** Bearer token for GET /api/stats outside the loopback sandbox; null keeps it closed there. */
  apiToken: string | null;
  /** Bearer token Prometheus must send for GET /metrics; null serves it openly (keep it behind the scrape network). */
  metricsToken: string | null;
  /**
   * How approved actions run: recorded only (dry-run, the default) or sent to the operator's signed webhook;
   * `concurrency` actions (of different incidents) at once, `timeoutMs` the deadline of one whole webhook call.
   */
  executor:
    | { kind: 'dry-run'; concurrency: number }
    | {
        kind: 'webhook';
        url: string;
        secret: string;
        allowHosts: string[];
        allowCidrs: string[];
        timeoutMs: number;
        concurrency: number;
      };
  alerts: {
    /** Null: no catalog file, every alert is unknown to the catalog. */
    catalogPath: string | null;
    policyPath: string | null;
    genericMappingPath: string | null;
    /** Source id → secret, from WEBHOOK_SECRET_<ID>. */
    secrets: Record<string, string>;
  };
} & (
  | { mode: 'sandbox' }
  | { mode: 'slack'; slack: { botToken: string; signingSecret: string; apiUrl: string } }
  | { mode: 'teams'; teams: TeamsConfig }
);

/** A single-tenant Teams bot, where its war rooms go, and where Microsoft's endpoints are (tests point them at fakes). */
export interface TeamsConfig {
  appId: string;
  clientSecret: string;
  tenantId: string;
  /** The team whose channels are war rooms (Graph, RSC Channel.Create.Group); null: every incident is a thread. */
  incidentTeamId: string | null;
  /** The channel that holds a thread per incident when a channel cannot be created, and every drill. */
  fallbackChannelId: string;
  /** The name people @mention the bot by in channels (the manifest's bot name). */
  botName: string;
  serviceUrl: string;
  openIdMetadataUrl: string;
  emulatorOpenIdMetadataUrl: string;
  loginUrl: string;
  graphUrl: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Teams channel's conversation id, as Teams shows it in a channel link: 19:…@thread.tacv2 (or the older @thread.skype). */
const TEAMS_CHANNEL_ID = /^19:[A-Za-z0-9_.\-]+@thread\.(tacv2|skype)$/;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`warroom cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Where the database lives, for operator commands that need nothing else from the environment. */
export function databasePathFrom(env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  return env.DATABASE_PATH?.trim() ? resolve(env.DATABASE_PATH.trim()) : resolve(dataDir, 'warroom.db');
}

/**
 * Parses the environment once at boot. Every problem is reported on its own line, naming the variable and the fix.
 * Slack mode needs both the token and the signing secret: we never serve Slack without verifying signatures.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WarroomConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const roles = e.WARROOM_ROLES.split(',')
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  for (const role of roles) {
    if (!ROLE_NAME.test(role))
      problems.push(
        `WARROOM_ROLES: "${role}" is not a valid role name (lowercase letters, digits, - or _, up to 30 characters)`,
      );
    if (role === 'lead')
      problems.push('WARROOM_ROLES: "lead" is built in; list only the other roles, e.g. comms,ops,scribe,security');
  }
  if (roles.length === 0) problems.push(`WARROOM_ROLES: list at least one role, e.g. ${DEFAULT_ROLES}`);

  const slackWanted = e.SLACK_BOT_TOKEN !== undefined || e.SLACK_SIGNING_SECRET !== undefined;
  if (slackWanted && !e.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing: set it to the "Signing Secret" from your Slack app\'s Basic Information page (warroom refuses to serve Slack without verifying requests)',
    );
  }
  if (slackWanted && !e.SLACK_BOT_TOKEN) {
    problems.push(
      'SLACK_BOT_TOKEN is missing: set it to the "Bot User OAuth Token" (xoxb-…) from your Slack app\'s OAuth & Permissions page',
    );
  }
  const teamsWanted = [
    e.TEAMS_APP_ID,
    e.TEAMS_CLIENT_SECRET,
    e.TEAMS_TENANT_ID,
    e.TEAMS_INCIDENT_TEAM_ID,
    e.TEAMS_FALLBACK_CHANNEL_ID,
  ].some((v) => v !== undefined);
  if (slackWanted && teamsWanted) {
    problems.push(
      'Both SLACK_* and TEAMS_* variables are set: one warroom serves one chat platform. Unset one set (run a second warroom, with its own DATA_DIR, for the other platform).',
    );
  }
  if (teamsWanted && !slackWanted) problems.push(...teamsProblems(e));
  const mode = slackWanted ? 'slack' : teamsWanted ? 'teams' : 'sandbox';
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(WEBHOOK_SECRET_PREFIX) || value === undefined || value.trim() === '') continue;
    const id = name.slice(WEBHOOK_SECRET_PREFIX.length).toLowerCase();
    if (!(ALERT_SOURCE_IDS as readonly string[]).includes(id)) {
      problems.push(`${name}: there is no alert source "${id}" (sources: ${ALERT_SOURCE_IDS.join(', ')})`);
    } else if (value.trim().length < MIN_SECRET_LENGTH) {
      problems.push(`${name}: use a secret of at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`);
    } else {
      secrets[id] = value.trim();
    }
  }
  const configFile = (variable: string, value: string | undefined, fallback: string): string | null => {
    if (value !== undefined) {
      if (!existsSync(value)) problems.push(`${variable}=${value}: no such file`);
      return resolve(value);
    }
    return existsSync(fallback) ? resolve(fallback) : null;
  };
  const alerts = {
    catalogPath: configFile('WARROOM_CATALOG', e.WARROOM_CATALOG, 'config/catalog.yaml'),
    policyPath: configFile('WARROOM_POLICY', e.WARROOM_POLICY, 'config/policy.yaml'),
    genericMappingPath: configFile('WARROOM_GENERIC_MAPPING', e.WARROOM_GENERIC_MAPPING, 'config/generic-source.yaml'),
    secrets,
  };
  // The sandbox trusts whoever reaches it (its users are demo users), so it only ever listens on loopback.
  const host = e.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0');
  if (mode === 'sandbox' && !isLoopback(host)) {
    problems.push(
      `HOST=${host}: the sandbox has no login and only listens on loopback (127.0.0.1 or ::1). Unset HOST, or configure Slack to serve other hosts.`,
    );
  }
  if (e.WARROOM_PLAYBOOKS !== undefined && !existsSync(e.WARROOM_PLAYBOOKS))
    problems.push(`WARROOM_PLAYBOOKS=${e.WARROOM_PLAYBOOKS}: no such folder`);
  const list = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const allowCidrs = list(e.WARROOM_EXECUTOR_ALLOW_CIDRS);
  for (const cidr of allowCidrs) {
    if (!isAddressRange(cidr))
      problems.push(`WARROOM_EXECUTOR_ALLOW_CIDRS: "${cidr}" is not an address range like 10.20.0.0/16`);
  }
  if (e.WARROOM_EXECUTOR === 'webhook') {
    if (!e.WARROOM_EXECUTOR_URL)
      problems.push('WARROOM_EXECUTOR_URL is missing: the webhook executor needs the URL of your automation endpoint');
    if (!e.WARROOM_EXECUTOR_SECRET || e.WARROOM_EXECUTOR_SECRET.length < MIN_SECRET_LENGTH) {
      problems.push(
        `WARROOM_EXECUTOR_SECRET: set a secret of at least ${MIN_SECRET_LENGTH} characters; requests are signed with it`,
      );
    }
  }
  if (!isValidTimeZone(e.WARROOM_TIME_ZONE)) {
    problems.push(
      `WARROOM_TIME_ZONE=${e.WARROOM_TIME_ZONE}: not an IANA time zone this runtime knows; use one like Europe/Berlin, America/New_York or UTC`,
    );
  }
  const postmortemRequired = list(e.WARROOM_POSTMORTEM_REQUIRED.toLowerCase());
  for (const sev of postmortemRequired) {
    if (!(SEVERITIES as readonly string[]).includes(sev))
      problems.push(
        `WARROOM_POSTMORTEM_REQUIRED: "${sev}" is not a severity; list some of ${SEVERITIES.join(', ')} (empty: no postmortem required)`,
      );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = resolve(e.DATA_DIR);
  const base = {
    port: e.PORT,
    host,
    dataDir,
    databasePath: databasePathFrom(env),
    logLevel: e.LOG_LEVEL,
    roles,
    announceChannel: e.WARROOM_ANNOUNCE_CHANNEL ?? (mode === 'sandbox' ? 'incidents' : null),
    triageChannel: e.WARROOM_TRIAGE_CHANNEL ?? null,
    strictStart: e.WARROOM_STRICT_START,
    timeZone: e.WARROOM_TIME_ZONE,
    postmortemRequired: postmortemRequired as Severity[],
    playbooksPath: e.WARROOM_PLAYBOOKS ? resolve(e.WARROOM_PLAYBOOKS) : findProjectPath('playbooks'),
    apiToken: e.WARROOM_API_TOKEN ?? null,
    metricsToken: e.WARROOM_METRICS_TOKEN ?? null,
    executor:
      e.WARROOM_EXECUTOR === 'webhook'
        ? {
            kind: 'webhook' as const,
            url: e.WARROOM_EXECUTOR_URL ?? '',
            secret: e.WARROOM_EXECUTOR_SECRET ?? '',
            allowHosts: list(e.WARROOM_EXECUTOR_ALLOW_HOSTS),
            allowCidrs,
            timeoutMs: e.WARROOM_EXECUTOR_TIMEOUT_MS,
            concurrency: e.WARROOM_EXECUTOR_CONCURRENCY,
          }
        : { kind: 'dry-run' as const, concurrency: e.WARROOM_EXECUTOR_CONCURRENCY },
    alerts,
  };
  if (mode === 'sandbox') return { ...base, mode };
  if (mode === 'teams') {
    const teams: TeamsConfig = {
      appId: e.TEAMS_APP_ID ?? '',
      clientSecret: e.TEAMS_CLIENT_SECRET ?? '',
      tenantId: e.TEAMS_TENANT_ID ?? '',
      incidentTeamId: e.TEAMS_INCIDENT_TEAM_ID ?? null,
      fallbackChannelId: e.TEAMS_FALLBACK_CHANNEL_ID ?? '',
      botName: e.TEAMS_BOT_NAME,
      serviceUrl: e.TEAMS_SERVICE_URL.endsWith('/') ? e.TEAMS_SERVICE_URL : `${e.TEAMS_SERVICE_URL}/`,
      openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
      emulatorOpenIdMetadataUrl: e.TEAMS_EMULATOR_OPENID_METADATA_URL,
      loginUrl: e.TEAMS_LOGIN_URL.replace(/\/$/, ''),
      graphUrl: e.TEAMS_GRAPH_URL.replace(/\/$/, ''),
    };
    return { ...base, mode, teams };
  }
  const apiUrl = e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`;
  return {
    ...base,
    mode,
    slack: { botToken: e.SLACK_BOT_TOKEN ?? '', signingSecret: e.SLACK_SIGNING_SECRET ?? '', apiUrl },
  };
}

/**
 * Teams mode needs the whole single-tenant registration: an empty app id would turn botbuilder's authentication off
 * (it then accepts unsigned requests), and without a tenant the bot cannot get a token. Each line names the fix.
 */
function teamsProblems(e: z.infer<typeof EnvSchema>): string[] {
  const problems: string[] = [];
  const portal =
    'in the Azure portal (your Azure Bot → Configuration) or the Teams Developer Portal (Tools → Bot management)';
  if (!e.TEAMS_APP_ID)
    problems.push(
      `TEAMS_APP_ID is missing: set it to the bot's "Microsoft App ID" (a GUID) ${portal}; without it nothing verifies that requests come from Teams`,
    );
  else if (!GUID.test(e.TEAMS_APP_ID))
    problems.push(`TEAMS_APP_ID=${e.TEAMS_APP_ID}: not a GUID; copy the bot's "Microsoft App ID" ${portal}`);
  if (!e.TEAMS_CLIENT_SECRET)
    problems.push(
      `TEAMS_CLIENT_SECRET is missing: create a client secret for the bot's app registration (Entra ID → App registrations → Certificates & secrets) and set its value`,
    );
  if (!e.TEAMS_TENANT_ID)
    problems.push(
      'TEAMS_TENANT_ID is missing: set it to your Microsoft 365 tenant id (Entra ID → Overview → Tenant ID); warroom is a single-tenant bot',
    );
  else if (!GUID.test(e.TEAMS_TENANT_ID))
    problems.push(`TEAMS_TENANT_ID=${e.TEAMS_TENANT_ID}: not a GUID; copy the "Tenant ID" from Entra ID → Overview`);
  if (e.TEAMS_INCIDENT_TEAM_ID !== undefined && !GUID.test(e.TEAMS_INCIDENT_TEAM_ID)) {
    problems.push(
      `TEAMS_INCIDENT_TEAM_ID=${e.TEAMS_INCIDENT_TEAM_ID}: not a team id; use the groupId=… GUID from the team's "Get link to team"`,
    );
  }
  if (!e.TEAMS_FALLBACK_CHANNEL_ID) {
    problems.push(
      'TEAMS_FALLBACK_CHANNEL_ID is missing: set it to the channel that holds a thread per incident when a war-room channel cannot be created, and every drill (the 19:…@thread.tacv2 id from the channel\'s "Get link to channel")',
    );
  } else if (!TEAMS_CHANNEL_ID.test(e.TEAMS_FALLBACK_CHANNEL_ID)) {
    problems.push(
      `TEAMS_FALLBACK_CHANNEL_ID=${e.TEAMS_FALLBACK_CHANNEL_ID}: not a channel id; use the 19:…@thread.tacv2 part of the channel's "Get link to channel" (URL-decoded)`,
    );
  }
  return problems;
}
