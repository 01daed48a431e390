import { workerTransport } from '../src/composition/queue-mode.ts';
import { ConfigError, runMode, type Config } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createRepositories } from '../src/db/repositories.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { bullmqTelemetry, type Tracing } from '../src/observability/tracing.ts';
import { thresholdPolicyOf } from '../src/pipeline/thresholds.ts';
import { startDecisionWorker } from '../src/transport/bullmq-decision-queue.ts';
import { startVideoWorker } from '../src/transport/bullmq-video-queue.ts';
import { decideLivenessSession } from './liveness-decision.handler.ts';
import { startQueueWorker } from './queue-worker.ts';
import { createInferenceRuntime } from './runtime.ts';
import { startWorkerOpsServer } from './worker-ops-server.ts';

/**
 * An inference worker process for queue mode (`npm run worker`): loads every model once (on
 * INFERENCE_THREADS threads), takes jobs from BullMQ, writes results to PostgreSQL and publishes
 * progress on Redis. Never imports the GraphQL layer.
 */
export async function runWorker(config: Config, tracing: Tracing | null): Promise<void> {
  const logger = createLogger(config).child({ role: 'worker' });
  if (runMode(config) !== 'queue' || !config.REDIS_URL) {
    throw new ConfigError('npm run worker is for queue mode: set DATABASE_URL (PostgreSQL) and REDIS_URL.');
  }
  const metrics = createMetrics('worker');
  const concurrency = config.WORKER_CONCURRENCY ?? config.INFERENCE_THREADS + 1;
  metrics.setCapacity(concurrency);
  const db = await openDatabase(config, logger);
  const transport = await workerTransport(config, logger);
  // Probes answer while the models load: live at once, ready once they are loaded and warmed.
  let modelsReady = false;
  const ops = await startWorkerOpsServer(config, metrics, {
    checks: () => ({
      models: async () => {
        if (!modelsReady) throw new Error('models are loading');
      },
      database: async () => {
        await db.prisma.$queryRaw`SELECT 1`;
      },
      redis: async () => {
        await transport.redis.ping();
      },
    }),
    detailed: async () => ({ role: 'worker', concurrency, threads: config.INFERENCE_THREADS }),
  });
  const repositories = createRepositories(db, config);
  const runtime = await createInferenceRuntime(config, {
    repositories,
    thresholds: thresholdPolicyOf(config),
    images: transport.images,
    blobs: transport.blobs,
    events: transport.events,
    logger,
    observer: metrics.pipeline,
    onVideoEnded: metrics.videoAnalysisEnded,
    hooks: { onThreadDeath: () => metrics.threadDied() },
  });
  const worker = startQueueWorker({
    connection: transport.redis,
    prefix: config.REDIS_PREFIX,
    concurrency,
    lockMs: config.WORKER_LOCK_MS,
    handler: runtime.handler,
    logger,
    telemetry: bullmqTelemetry(config),
  });
  // Liveness session decisions: arithmetic over the frames' stored features, next to the analysis jobs.
  const decisions = startDecisionWorker({
    connection: transport.redis,
    prefix: config.REDIS_PREFIX,
    logger,
    handler: async (job) => {
      await decideLivenessSession(
        { ...repositories, events: transport.events, logger, auditFrames: config.LIVENESS_AUDIT_FRAMES, onDecided: metrics.livenessSessionDecided },
        job,
      );
    },
  });
  // Video analyses: one at a time per process (a video keeps every inference thread busy), next to the image jobs.
  const videos = startVideoWorker({
    connection: transport.redis,
    prefix: config.REDIS_PREFIX,
    concurrency: 1,
    lockMs: config.WORKER_LOCK_MS,
    handle: (job) => runtime.video.handle(job),
    failUnexpected: (job, error) => runtime.video.failUnexpected(job, error),
    logger,
  });
  await Promise.all([worker.waitUntilReady(), decisions.waitUntilReady(), videos.waitUntilReady()]);
  modelsReady = true;
  const { plan } = runtime;
  logger.info(
    { pid: process.pid, modelProfile: plan.profile, detector: plan.detector, stages: plan.stages, threads: config.INFERENCE_THREADS, metricsUrl: ops.url },
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
      await decisions.close();
      await videos.close();
      await ops.close();
      await runtime.close();
      await db.close();
      await transport.close();
      await tracing?.shutdown();
      logger.info('worker stopped');
      process.exit(0);
    })();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
