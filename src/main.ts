import { buildApp } from './app.ts';
import { loadConfig } from './config/config.ts';
import { createLogger } from './observability/logger.ts';
import { exitOnStartupFailure } from './observability/startup-failure.ts';

// Start-up: a bad configuration or a missing model stops here with a readable message.
try {
  const config = loadConfig();
  const logger = createLogger(config);
  const app = await buildApp(config, logger);
  const url = await app.start();
  const { mode, database, modelProfile, detector, stages, unavailableStages } = app.services.info;
  // The profile decides which licences this deployment runs under: say it at start.
  logger.info({ url, mode, database, modelProfile, detector, stages, unavailableStages }, `FaceSocial API ready: GraphiQL at ${url}`);
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  exitOnStartupFailure(error);
}
