import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { createLogger } from './observability/logger.ts';
import type { Tracing } from './observability/tracing.ts';

/** The API process (`npm start`): builds the app, listens, and stops cleanly on SIGTERM / SIGINT. */
export async function runApi(config: Config, tracing: Tracing | null): Promise<void> {
  const logger = createLogger(config);
  const app = await buildApp(config, logger);
  const url = await app.start();
  const { mode, database, modelProfile, detector, stages, unavailableStages } = app.services.info;
  // The profile decides which licences this deployment runs under: say it at start.
  logger.info({ url, mode, database, modelProfile, detector, stages, unavailableStages }, `FaceSocial API ready: GraphiQL at ${url}`);
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
