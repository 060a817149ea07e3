import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { schedule } from 'node-cron';
import type { Logger } from 'pino';
import { coreCtx, type AdapterDeps } from './adapters/adapter-deps.js';
import { sandboxChatPort } from './adapters/sandbox/sandbox-chat-port.js';
import { sandboxFmt } from './adapters/sandbox/sandbox-fmt.js';
import { SandboxChat } from './adapters/sandbox/sandbox-chat.js';
import { rememberDemoUsers } from './adapters/sandbox/remember-demo-users.js';
import { sandboxRoutes } from './adapters/sandbox/sandbox-routes.js';
import { guardLoopbackRequest } from './adapters/sandbox/loopback-guard.js';
import { createSlackAdapter, SLACK_EVENTS_PATH } from './adapters/slack/create-slack-app.js';
import { turnQueue } from './turn-queue.js';
import { slackChatPort } from './adapters/slack/slack-chat-port.js';
import { startTeams, TEAMS_CHANNEL_ID, teamsTriagePolicy } from './start-teams.js';
import { ConfigError, type WarroomConfig } from './config.js';
import { checkSlackWorkspace } from './adapters/slack/check-slack-workspace.js';
import { configuredChannels } from './adapters/slack/configured-channels.js';
import type { CoreSettings } from './core/context.js';
import { refreshOpenHeaders } from './core/incident/refresh-open-headers.js';
import type { Store } from './core/store-port.js';
import { sendJson, createRouter, type Route } from './http/router.js';
import { createLogger } from './logger.js';
import type { ChatPort } from './core/chat-port.js';
import { deliverIntent } from './core/outbox/deliver-intent.js';
import { tokenBucketPacer } from './infra/outbox/pacer.js';
import { startOutboxDispatcher, type OutboxDispatcher } from './infra/outbox/outbox-dispatcher.js';
import { openDatabase, type OpenDatabase } from './store/db.js';
import { sandboxRepo } from './store/repos/sandbox-repo.js';
import { sqliteStore } from './store/sqlite-store.js';
import { startAlertInboxProcessor, type AlertInboxProcessor } from './alerts/alert-inbox-processor.js';
import { alertWebhookRoute } from './alerts/alert-webhook-route.js';
import { inboxGroupCommit } from './alerts/inbox-group-commit.js';
import { alertSources } from './alerts/sources/index.js';
import { GenericMapping } from './alerts/sources/generic.js';
import { fileCatalogEnricher } from './catalog/file-catalog-enricher.js';
import { loadAlertPolicy } from './catalog/load-alert-policy.js';
import { loadCatalog } from './catalog/load-catalog.js';
import { loadYamlFile } from './catalog/load-yaml-file.js';
import { loadAttackCatalog } from './catalog/load-attack-catalog.js';
import { loadPlaybooks } from './catalog/load-playbooks.js';
import { Catalog } from './core/alert/catalog-types.js';
import { DEFAULT_ALERT_POLICY } from './core/alert/priority-policy.js';
import { createMetrics } from './infra/metrics/warroom-metrics.js';
import { startActionRunner, type ActionRunner } from './executors/action-runner.js';
import { dryRunExecutor } from './executors/dry-run-executor.js';
import { openEvidenceVault } from './infra/evidence/open-evidence-vault.js';
import { loadOrCreateSigningKey } from './infra/evidence/signing-key.js';
import { webhookExecutor } from './executors/webhook-executor.js';
import { loadDrillReplays } from './infra/drill/load-drill-replays.js';
import { startScheduler, type Scheduler } from './infra/schedule/start-scheduler.js';
import { computeIncidentStats } from './core/metrics/compute-incident-stats.js';
import { bearerMatches } from './http/bearer-matches.js';
import { join } from 'node:path';

export interface RunningWarroom {
  url: string;
  alertProcessor: AlertInboxProcessor;
  server: Server;
  store: Store;
  database: OpenDatabase;
  dispatcher: OutboxDispatcher;
  /** Reminders, escalations, clocks, SLAs and the digest; `runOnce()` is one pass now (what the cron does each minute). */
  scheduler: Scheduler;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  now?: () => Date;
  /** How often the outbox looks for due rows when nothing kicked it. */
  outboxPollMs?: number;
  /** False: accept webhooks but do not process them (tests of a crash between 202 and processing). */
  processAlerts?: boolean;
  /** Slack per-channel pacing; default about one message a second with a burst of 4 (Slack's guidance). */
  slackPacing?: { perSecond: number; burst: number };
  /** Cron for reminders, escalations, clocks and SLAs; default every minute. */
  schedulerCron?: string;
  /** Cron expression for re-rendering open war-room headers (elapsed time); default every 5 minutes. */
  headerRefreshCron?: string;
}

/** Builds and starts everything behind one HTTP server: store, outbox dispatcher, and the configured chat adapter. */
export async function startWarroom(config: WarroomConfig, opts: StartOptions = {}): Promise<RunningWarroom> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  const database = openDatabase(config.databasePath);
  const store = sqliteStore(database.db);
  const filePolicy = config.alerts.policyPath ? loadAlertPolicy(config.alerts.policyPath) : DEFAULT_ALERT_POLICY;
  const alertPolicy = teamsTriagePolicy(
    config,
    config.triageChannel ? { ...filePolicy, triage_channel: config.triageChannel } : filePolicy,
    logger,
  );
  const catalog = config.alerts.catalogPath ? loadCatalog(config.alerts.catalogPath) : Catalog.parse({});
  const sources = alertSources(
    config.alerts.genericMappingPath ? loadYamlFile(config.alerts.genericMappingPath, GenericMapping) : undefined,
  );
  const attack = loadAttackCatalog();
  const loaded = loadPlaybooks(config.playbooksPath, attack, config.roles);
  // A bad playbook file is reported and skipped; it never stops the others (or the bot) from working.
  for (const bad of loaded.problems)
    logger.error(
      { file: bad.file, problems: bad.problems },
      'playbook file ignored: fix it and restart (warroom playbooks validate)',
    );
  const drills = loadDrillReplays(join(config.playbooksPath, 'drills'), sources);
  for (const problem of drills.problems) logger.error({ problem }, 'drill replay ignored');
  // The first start creates the deployment's signing key; evidence exports and timeline checkpoints are signed with it.
  const evidenceKey = loadOrCreateSigningKey(config.dataDir);
  if (evidenceKey.created)
    logger.info(
      { fingerprint: evidenceKey.signer.fingerprint, path: evidenceKey.publicKeyPath },
      'created the evidence signing key; publish its fingerprint for auditors',
    );
  for (const warning of evidenceKey.warnings) logger.warn(warning);
  const settings: CoreSettings = {
    platform: config.mode,
    roles: config.roles,
    announceChannel: config.announceChannel,
    alertPolicy,
    playbooks: loaded.playbooks,
    attack,
    evidence: openEvidenceVault(config.dataDir),
    signer: evidenceKey.signer,
    drillReplays: drills.replays,
    timeZone: config.timeZone,
    postmortemRequired: config.postmortemRequired,
    catalog,
  };
  const metrics = createMetrics(store, () =>
    computeIncidentStats({ ctx: coreCtx(deps, { type: 'system', reason: 'metrics' }, 'metrics'), days: 30 }),
  );

  let port: ChatPort;
  const routes: Route[] = [];
  let afterListen = async (): Promise<void> => undefined;
  // The dispatcher is created after the port, and the adapters need the dispatcher: this late binding joins them.
  const dispatcherRef: { current: OutboxDispatcher | null } = { current: null };
  // One queue of turns for the heavy synchronous work of requests and deliveries, so incoming requests are
  // acknowledged between two pieces of it rather than after all of it (issue 12).
  const turns = turnQueue();
  const actionsRef: { current: ActionRunner | null } = { current: null };
  const deps: AdapterDeps = {
    store,
    settings,
    logger,
    now,
    dispatcher: {
      kick: () => dispatcherRef.current?.kick(),
      waitFor: (key, ms) => dispatcherRef.current?.waitFor(key, ms) ?? Promise.resolve(null),
      stop: async () => dispatcherRef.current?.stop(),
    },
    actions: { kick: () => actionsRef.current?.kick() },
  };

  if (config.mode === 'slack') {
    const slack = createSlackAdapter(config.slack, deps, turns);
    // Before anything is served or sent: a wrong token or an unusable triage channel would lose alerts unseen.
    const check = await checkSlackWorkspace(slack.client, configuredChannels(config, alertPolicy), {
      strict: config.strictStart,
    });
    for (const finding of check.findings) logger[finding.level](`slack check: ${finding.message}`);
    const fatal = check.findings.filter((f) => f.level === 'fatal');
    if (fatal.length > 0) {
      database.close();
      throw new ConfigError(fatal.map((f) => f.message));
    }
    // Its method pacing runs on the app's clock, like the outbox's (Teams' port does the same).
    port = slackChatPort(slack.client, () => now().getTime(), check.channelIds);
    routes.push({ method: 'POST', path: SLACK_EVENTS_PATH, handler: (req, res) => slack.requestListener(req, res) });
    afterListen = () => slack.identify();
  } else if (config.mode === 'teams') {
    // Teams has no channel names warroom can look up without more consent: every channel it posts to is an id.
    const unusable = configuredChannels(config, alertPolicy).filter((c) => !TEAMS_CHANNEL_ID.test(c.ref));
    const problems = unusable.map(
      (c) =>
        `${c.setting}: "${c.ref}" is not a Teams channel id; use the 19:…@thread.tacv2 part of the channel's "Get link to channel" (URL-decoded)`,
    );
    if (problems.length > 0 && config.strictStart) {
      database.close();
      throw new ConfigError(problems);
    }
    for (const problem of problems) logger.warn(`teams check: ${problem}`);
    const teams = startTeams(config.teams, { deps, db: database.db });
    port = teams.port;
    routes.push(teams.route);
  } else {
    const chat = new SandboxChat(sandboxRepo(database.db), now);
    chat.ensureStarterChannels([alertPolicy.triage_channel]);
    rememberDemoUsers(deps);
    port = sandboxChatPort(chat, sandboxFmt(config.timeZone));
    routes.push(...sandboxRoutes(chat, deps));
  }

  const systemCtx = coreCtx(deps, { type: 'system', reason: 'delivery' }, 'outbox');
  const dispatcher = startOutboxDispatcher({
    store,
    logger: logger.child({ component: 'outbox' }),
    now,
    pollMs: opts.outboxPollMs,
    deliver: (intent) => deliverIntent(intent, port, systemCtx),
    // Slack: about one message per second per channel, with short bursts (chat.postMessage guidance).
    pacer: config.mode === 'slack' ? tokenBucketPacer(opts.slackPacing ?? { perSecond: 1, burst: 4 }) : undefined,
    turns,
  });
  dispatcherRef.current = dispatcher;
  const actionRunner = startActionRunner({
    ctx: coreCtx(deps, { type: 'system', reason: 'action runner' }, 'actions'),
    executor: config.executor.kind === 'webhook' ? webhookExecutor(config.executor) : dryRunExecutor,
    logger: logger.child({ component: 'actions' }),
    onRecorded: () => dispatcher.kick(),
    pollMs: opts.outboxPollMs,
    concurrency: config.executor.concurrency,
    // A claim outlives any call by far (the webhook's deadline bounds each one): past this, its runner is gone.
    leaseMs: (config.executor.kind === 'webhook' ? config.executor.timeoutMs : 0) + 60_000,
  });
  actionsRef.current = actionRunner;
  const scheduler = startScheduler({
    ctx: () => coreCtx(deps, { type: 'system', reason: 'scheduler' }, 'scheduler'),
    logger: logger.child({ component: 'scheduler' }),
    onQueued: () => dispatcher.kick(),
    cron: opts.schedulerCron,
  });

  // chat.update is Tier 3 (~50/min): one refresh per open incident every 5 minutes stays far below it.
  const headerRefresh = schedule(opts.headerRefreshCron ?? '*/5 * * * *', () => {
    const queued = refreshOpenHeaders({ ctx: coreCtx(deps, { type: 'system', reason: 'header refresh' }, 'cron') });
    if (queued > 0) dispatcher.kick();
  });

  const alertProcessor = startAlertInboxProcessor({
    store,
    sources,
    enricher: fileCatalogEnricher(catalog),
    ctxFor: (source) => coreCtx(deps, { type: 'alert', source }, `alerts:${source}`),
    logger: logger.child({ component: 'alerts' }),
    metrics,
    onRouted: () => dispatcher.kick(),
    pollMs: opts.outboxPollMs,
    paused: opts.processAlerts === false,
  });

  routes.push(
    alertWebhookRoute({
      inbox: inboxGroupCommit(store),
      sources,
      secrets: config.alerts.secrets,
      allowUnauthenticated: config.mode === 'sandbox',
      metrics,
      logger,
      now,
      onStored: () => alertProcessor.kick(),
    }),
    {
      method: 'GET',
      path: '/api/stats',
      handler: (req, res) => {
        // Stats describe the organisation's incidents: only the loopback sandbox serves them without a token.
        if (config.mode !== 'sandbox') {
          if (!config.apiToken)
            return sendJson(res, 403, {
              ok: false,
              error: 'Set WARROOM_API_TOKEN to serve /api/stats, then send Authorization: Bearer <token>.',
            });
          if (!bearerMatches(req.headers.authorization, config.apiToken))
            return sendJson(res, 401, { ok: false, error: 'Missing or wrong bearer token.' });
        }
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        const days = Number(query.get('days') ?? '30');
        if (!Number.isInteger(days) || days < 1 || days > 366)
          return sendJson(res, 400, {
            ok: false,
            error: 'days must be a whole number from 1 to 366, e.g. /api/stats?days=90',
          });
        const service = query.get('service')?.trim() || null;
        if (service !== null && service.length > 200)
          return sendJson(res, 400, {
            ok: false,
            error: 'service is a catalog service id, e.g. /api/stats?days=90&service=checkout',
          });
        sendJson(res, 200, {
          ok: true,
          ...computeIncidentStats({ ctx: coreCtx(deps, { type: 'system', reason: 'stats' }, 'stats'), days, service }),
        });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async (req, res) => {
        // Prometheus convention is an open endpoint on a scrape network; the stats gauges describe the organisation's
        // incidents, so a token (Prometheus `authorization: credentials`) can close it.
        if (config.metricsToken && !bearerMatches(req.headers.authorization, config.metricsToken)) {
          return sendJson(res, 401, { ok: false, error: 'Missing or wrong bearer token (WARROOM_METRICS_TOKEN).' });
        }
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      },
    },
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { ok: true }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: (_req, res) => {
        try {
          database.sqlite.prepare('select 1').get();
          sendJson(res, 200, { ok: true, mode: config.mode, pendingDeliveries: store.outbox.countPending() });
        } catch (error) {
          logger.error({ err: error }, 'readiness check failed');
          sendJson(res, 503, { ok: false, error: 'database unavailable' });
        }
      },
    },
  );

  // The sandbox has no login: every route it serves (its API, the alert webhook, stats, metrics) gets the loopback
  // guard, or any web page the user visits could post alerts or read stats through the browser.
  const server = createServer(
    createRouter(routes, logger, { guard: config.mode === 'sandbox' ? guardLoopbackRequest : undefined }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  void afterListen();

  return {
    url,
    server,
    store,
    database,
    dispatcher,
    scheduler,
    alertProcessor,
    logger,
    async stop() {
      await headerRefresh.stop();
      await alertProcessor.stop();
      await actionRunner.stop();
      await scheduler.stop();
      await dispatcher.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      database.close();
    },
  };
}
