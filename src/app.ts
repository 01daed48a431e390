import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageGraph } from '../inference-workers/stages/index.ts';
import packageJson from '../package.json' with { type: 'json' };
import type { AppServices, ServerInfo } from './analysis/services.ts';
import { biometricRates } from './analysis/biometric-rates.ts';
import { sweepLivenessSessions } from './analysis/liveness-sweep.ts';
import { sweepVideoAnalyses } from './analysis/video-sweep.ts';
import { createFsBlobStore } from './transport/blob-store.ts';
import { embeddedConcurrency, embeddedTransport } from './composition/embedded-mode.ts';
import { queueModeTransport } from './composition/queue-mode.ts';
import type { Transport } from './composition/transport.ts';
import { ConfigError, runMode, type Config } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { createRepositories } from './db/repositories.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { processFacts } from './observability/ops-http.ts';
import { modelFacts } from '../inference-workers/models/manifest.ts';
import { modelPlanOf } from '../inference-workers/engine/engine-options.ts';
import type { ModelPlan } from './pipeline/model-profile.ts';
import { thresholdPolicyOf } from './pipeline/thresholds.ts';
import { createRateLimits } from './http/rate-limits.ts';
import { createHttpApp, type HttpApp, type OpsSources } from './server.ts';

export interface App {
  services: AppServices;
  /** SQL statements this app has run (for tests of batching), and the milliseconds they took (benchmarks). */
  queryCount(): number;
  queryMs(): number;
  http: HttpApp;
  /** Starts listening; resolves to the GraphQL URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Composition root: builds the adapters the configuration asks for and wires them together.
 * Embedded mode (the default): PGlite on disk, in-process queue, inference in worker threads.
 * Queue mode (DATABASE_URL and REDIS_URL): PostgreSQL, BullMQ jobs for worker processes, Redis events.
 */
export async function buildApp(config: Config, logger: Logger = createLogger(config)): Promise<App> {
  const plan = modelPlanOf(config);
  const mode = runMode(config);
  if (mode === 'queue' && !config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL && !config.AUTH_DISABLED) {
    throw new ConfigError(
      'Queue mode serves many clients: set AUTH_JWT_SECRET (or AUTH_JWKS_URL) with AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE, or AUTH_DISABLED=true behind an authenticating proxy.',
    );
  }
  const db = await openDatabase(config, logger);
  const repositories = createRepositories(db, config);
  const thresholds = thresholdPolicyOf(config);
  const metrics = createMetrics('api');
  let transport: Transport;
  try {
    transport =
      mode === 'queue'
        ? await queueModeTransport(config, repositories, logger, metrics)
        : await embeddedTransport(config, repositories, thresholds, logger, metrics);
  } catch (error) {
    await db.close();
    throw error;
  }

  const services: AppServices = {
    config,
    logger,
    ...repositories,
    queue: transport.queue,
    decisions: transport.decisions,
    videoQueue: transport.videos,
    images: transport.images,
    blobs: transport.blobs,
    uploads: config.BLOB_S3_BUCKET ? createFsBlobStore(join(tmpdir(), 'facesocial-uploads')) : transport.blobs,
    events: transport.events,
    info: serverInfoOf(config, plan, { version: packageJson.version, mode, database: db.kind }),
    thresholds,
    stageGraph,
    metrics,
  };
  if (mode === 'embedded') metrics.setCapacity(embeddedConcurrency(config));
  metrics.setRates(() => biometricRates(services));
  const startedAt = new Date();
  const ops: OpsSources = {
    // Embedded mode loads and warms its models before the server listens; queue mode's workers report their own.
    checks: () => ({
      database: async () => {
        await db.prisma.$queryRaw`SELECT 1`;
      },
      ...(transport.ping ? { redis: transport.ping } : {}),
    }),
    detailed: async () => ({
      ...services.info,
      models: await modelFacts(config.MODELS_DIR, plan.files),
      ...(transport.queueCounts ? { queue: await transport.queueCounts().catch((e: unknown) => ({ error: String(e) })) } : {}),
      ...(transport.workers ? { workers: await transport.workers().catch(() => []) } : {}),
      process: processFacts(startedAt),
    }),
  };
  // Per credential, per tenant and per address (failed authentications); shared by replicas through Redis in queue mode.
  const rateLimits = createRateLimits(config, { redisUrl: mode === 'queue' ? config.REDIS_URL : undefined }, logger);
  const http = createHttpApp(config, services, logger, { plugins: [rateLimits.plugin], authFailures: rateLimits }, ops);
  let sweeping: Promise<void> | null = null;
  const sweep = setInterval(() => {
    sweeping ??= Promise.all([
      sweepLivenessSessions(services).catch((error: unknown) => logger.warn({ err: error }, 'liveness housekeeping failed; will retry')),
      sweepVideoAnalyses(services).catch((error: unknown) => logger.warn({ err: error }, 'video housekeeping failed; will retry')),
    ])
      .then(() => undefined)
      .finally(() => (sweeping = null));
  }, config.RECONCILE_INTERVAL_MS);
  sweep.unref();
  return {
    services,
    http,
    queryCount: () => db.queryCount(),
    queryMs: () => db.queryMs(),
    start: () => http.listen(),
    stop: async () => {
      clearInterval(sweep);
      await sweeping;
      await http.close();
      await rateLimits.close();
      await transport.close();
      await db.close();
    },
  };
}

function serverInfoOf(config: Config, plan: ModelPlan, base: Pick<ServerInfo, 'version' | 'mode' | 'database'>): ServerInfo {
  return {
    ...base,
    modelProfile: plan.profile,
    detector: plan.detector,
    stages: plan.stages,
    unavailableStages: plan.unavailableStages,
    recognitionThreshold: config.RECOGNITION_THRESHOLD,
    qualityGate: config.QUALITY_GATE,
    video: {
      maxBytes: config.MAX_VIDEO_BYTES,
      maxSeconds: config.MAX_VIDEO_SECONDS,
      defaultFps: config.VIDEO_DEFAULT_FPS,
      defaultMaxFrames: Math.min(config.VIDEO_DEFAULT_MAX_FRAMES, config.VIDEO_MAX_FRAMES),
      maxFrames: config.VIDEO_MAX_FRAMES,
      frameMaxSide: config.VIDEO_FRAME_MAX_SIDE,
    },
  };
}
