// `npm run worker`: an inference worker process for queue mode. Loads every model once (on
// INFERENCE_THREADS threads), takes jobs from BullMQ, writes results to PostgreSQL and publishes
// progress on Redis. Never imports the GraphQL layer.
import { workerTransport } from '../src/composition/queue-mode.ts';
import { ConfigError, loadConfig, runMode } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createRepositories } from '../src/db/repositories.ts';
import { createLogger } from '../src/observability/logger.ts';
import { exitOnStartupFailure } from '../src/observability/startup-failure.ts';
import { thresholdPolicyOf } from '../src/pipeline/thresholds.ts';
import { startQueueWorker } from './queue-worker.ts';
import { createInferenceRuntime } from './runtime.ts';

try {
  const config = loadConfig();
  const logger = createLogger(config).child({ role: 'worker' });
  if (runMode(config) !== 'queue' || !config.REDIS_URL) {
    throw new ConfigError('npm run worker is for queue mode: set DATABASE_URL (PostgreSQL) and REDIS_URL.');
  }
  const db = await openDatabase(config, logger);
  const transport = await workerTransport(config, logger);
  const runtime = await createInferenceRuntime(config, {
    repositories: createRepositories(db, config),
    thresholds: thresholdPolicyOf(config),
    images: transport.images,
    events: transport.events,
    logger,
  });
  const worker = startQueueWorker({
    connection: transport.redis,
    prefix: config.REDIS_PREFIX,
    concurrency: config.WORKER_CONCURRENCY ?? config.INFERENCE_THREADS + 1,
    lockMs: config.WORKER_LOCK_MS,
    handler: runtime.handler,
    logger,
  });
  await worker.waitUntilReady();
  const { plan } = runtime;
  logger.info(
    { pid: process.pid, modelProfile: plan.profile, detector: plan.detector, stages: plan.stages, threads: config.INFERENCE_THREADS },
    'worker ready',
  );

  // SIGTERM: take no new jobs, let the running ones finish, exit by the deadline; a job cut off there is
  // taken again by another worker once its lock expires.
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: finishing jobs in flight');
    const deadline = setTimeout(() => {
      logger.warn('shutdown deadline reached; exiting with jobs unfinished (they will be retried)');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    void (async () => {
      await worker.close();
      await runtime.close();
      await db.close();
      await transport.close();
      logger.info('worker stopped');
      process.exit(0);
    })();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  exitOnStartupFailure(error);
}
