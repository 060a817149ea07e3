import { startWarroom } from './app.js';
import { ConfigError, loadConfig } from './config.js';

/** `npm start`: read the environment, start, and stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await startWarroom(config);
  if (config.mode === 'sandbox') {
    app.logger.info(`warroom sandbox: open ${app.url}/ (no Slack credentials set; data in ${config.dataDir})`);
  } else if (config.mode === 'teams') {
    app.logger.info(`warroom serving Microsoft Teams on ${app.url}/api/messages (the bot's messaging endpoint)`);
  } else {
    app.logger.info(`warroom serving Slack on ${app.url}/slack/events`);
  }
  const shutdown = (signal: string) => {
    app.logger.info({ signal }, 'shutting down');
    // Every part stops on its own within seconds (action calls are aborted and recorded); this is the backstop so a
    // stuck part can never keep an orchestrator's SIGTERM waiting until SIGKILL.
    setTimeout(() => {
      app.logger.error({ signal }, 'shutdown did not finish within 30 s; exiting anyway');
      process.exit(1);
    }, 30_000).unref();
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  // Start-up checks (Slack token, triage channel) name the setting and the fix: print them as they are.
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`warroom failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
