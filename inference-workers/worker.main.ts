// `npm run worker`: an inference worker process for queue mode. Loads every model once (on
// INFERENCE_THREADS threads), takes jobs from BullMQ, writes results to PostgreSQL and publishes
// progress on Redis. Never imports the GraphQL layer.
import { ConfigError, loadConfig, runMode } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { FaceResultsRepository } from '../src/db/face-results.repository.ts';
import { GalleryRepository } from '../src/db/gallery.repository.ts';
import { SessionsRepository } from '../src/db/sessions.repository.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createRedis } from '../src/transport/redis.ts';
import { createRedisEventBus } from '../src/transport/redis-event-bus.ts';
import { createRedisImageStore } from '../src/transport/redis-image-store.ts';
import { createAnalysisJobHandler } from './analysis-job.handler.ts';
import { engineOptionsOf, modelPlanOf } from './engine/engine-options.ts';
import { createThreadPoolEngine } from './engine/thread-pool.engine.ts';
import { startQueueWorker } from './queue-worker.ts';
import { exitOnStartupFailure } from '../src/observability/startup-failure.ts';

try {
  const config = loadConfig();
  const logger = createLogger(config).child({ role: 'worker' });
  if (runMode(config) !== 'queue' || !config.REDIS_URL) {
    throw new ConfigError('npm run worker is for queue mode: set DATABASE_URL (PostgreSQL) and REDIS_URL.');
  }
  const plan = modelPlanOf(config);
  const db = await openDatabase(config);
  const engine = await createThreadPoolEngine(engineOptionsOf(config, plan), config.INFERENCE_THREADS, {
    onThreadDeath: (error) => logger.error({ err: error }, 'inference thread died; this attempt of its job fails (BullMQ retries it) and a new thread is starting'),
  });
  const redis = createRedis(config.REDIS_URL, `${config.REDIS_PREFIX}:worker`);
  const handler = createAnalysisJobHandler({
    sessions: new SessionsRepository(db.prisma),
    faceResults: new FaceResultsRepository(db.prisma),
    gallery: new GalleryRepository(db.prisma, { efSearch: config.HNSW_EF_SEARCH }),
    identifyThreshold: config.IDENTIFY_THRESHOLD,
    engine,
    images: createRedisImageStore(redis, { prefix: config.REDIS_PREFIX, ttlSeconds: config.IMAGE_TTL_SECONDS }),
    events: await createRedisEventBus({ publisher: redis, prefix: config.REDIS_PREFIX }),
    logger,
  });
  const worker = startQueueWorker({
    connection: redis,
    prefix: config.REDIS_PREFIX,
    concurrency: config.WORKER_CONCURRENCY ?? config.INFERENCE_THREADS + 1,
    lockMs: config.WORKER_LOCK_MS,
    handler,
    logger,
  });
  await worker.waitUntilReady();
  logger.info({ pid: process.pid, modelProfile: plan.profile, detector: plan.detector, stages: plan.stages, threads: config.INFERENCE_THREADS }, 'worker ready');

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
      await engine.close();
      await db.close();
      redis.disconnect();
      logger.info('worker stopped');
      process.exit(0);
    })();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  exitOnStartupFailure(error);
}
